import "server-only";
import { limitsToSetParams } from "../../containers/limits";
import { db } from "../../db";
import { ensureTemplateOnNode } from "../../templates/ensure-template-on-node";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import { createCommandFor, setRootPasswordFromTask, settingsParamsFor } from "./container-commands";
import { loadTaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

/**
 * container.reinstall: stop, destroy the disk, create it again from the chosen template with the same
 * CTID, host name and addresses, re-apply limits, nameservers and the new root password, and start.
 */
export const reinstallContainer: TaskHandler = async (ctx) => {
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  const templateName = String(ctx.task.input.template);
  // The new template may not be on this node yet: the panel ships it first (skipped when it is there).
  await ensureTemplateOnNode({
    ctx,
    node,
    template: { name: templateName },
    commandId: ctx.stepCommandId(0),
    range: { from: 1, to: 2 },
    isMarkedPresentEnough: true,
  });
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    { type: "container.stop", ctid: c.ctid, fast: true },
    {
      from: 2,
      to: 10,
      phase: "Stopping",
    },
  );
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(2),
    { type: "container.destroy", ctid: c.ctid },
    {
      from: 10,
      to: 25,
      phase: "Wiping the old disk",
    },
  );
  await runAgentCommand(ctx, node, ctx.stepCommandId(3), createCommandFor(c, templateName), {
    from: 25,
    to: 75,
    phase: `Installing ${templateName}`,
  });
  const { diskspace: _d, diskinodes: _i, ...limits } = limitsToSetParams(c);
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(4),
    {
      type: "container.set",
      ctid: c.ctid,
      save: true,
      params: { ...limits, ...settingsParamsFor(c) },
    },
    { from: 75, to: 85, phase: "Applying limits and settings" },
  );
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(5),
    { type: "container.start", ctid: c.ctid },
    {
      from: 85,
      to: 95,
      phase: "Starting",
    },
  );
  // The password once it runs: chpasswd through lxc-attach at once, without an extra start and stop.
  await setRootPasswordFromTask(ctx, node, c.ctid, 6, { from: 95, to: 99 });
  await db.container.update({
    where: { id: c.id },
    data: { status: "RUNNING", startedAt: new Date(), hasDrift: false, lastSyncedAt: new Date() },
    select: { id: true },
  });
  return { ctid: c.ctid, template: templateName };
};

// A reinstall that failed half-way leaves a container whose disk may be gone: say so plainly.
reinstallContainer.onFailure = async (ctx) => {
  if (ctx.task.containerId) {
    await db.container.updateMany({ where: { id: ctx.task.containerId }, data: { status: "ERROR" } });
    await ctx.log(
      "The reinstall did not finish: the container is in error. Run the reinstall again, or destroy it.",
      "error",
    );
  }
};
