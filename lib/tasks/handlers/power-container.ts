import "server-only";
import { db } from "../../db";
import { isAppError } from "../../errors/app-error";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import { loadTaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

type PowerAction = "start" | "stop" | "restart";

const PHASES: Record<PowerAction, string> = { start: "Starting", stop: "Stopping", restart: "Restarting" };

/** container.start / .stop / .restart: one agent command, then the panel's status follows. */
export function powerContainer(action: PowerAction): TaskHandler {
  return async (ctx) => {
    const c = await loadTaskContainer(ctx.task.containerId);
    const node = await getAgentEndpoint(c.nodeId);
    const command =
      action === "stop"
        ? {
            type: "container.stop" as const,
            ctid: c.ctid,
            ...(ctx.task.input.fast === true ? { fast: true } : {}),
          }
        : { type: `container.${action}` as "container.start" | "container.restart", ctid: c.ctid };
    try {
      await runAgentCommand(ctx, node, ctx.stepCommandId(1), command, {
        from: 10,
        to: 99,
        phase: PHASES[action],
      });
    } catch (err) {
      // Starting a running container leaves it as asked: the task succeeds (vzctl itself reports an error,
      // and keeps doing so on the command line).
      if (!(action === "start" && isAppError(err) && err.reason === "VE_RUNNING")) throw err;
      await ctx.log(`${node.name}: the container was already running.`);
    }
    const isRunning = action !== "stop";
    await db.container.update({
      where: { id: c.id },
      data: {
        status: isRunning ? "RUNNING" : "STOPPED",
        hasDrift: false,
        lastSyncedAt: new Date(),
        ...(isRunning ? { startedAt: new Date() } : { startedAt: null }),
      },
      select: { id: true },
    });
    return { status: isRunning ? "running" : "stopped" };
  };
}
