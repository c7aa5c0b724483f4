import "server-only";
import type { Actor } from "../auth/actor";
import { isAppError } from "../errors/app-error";
import { enqueueTask } from "../tasks/enqueue-task";

type Target = { id: string; nodeId: string; tenantId: string; ctid: number; hostname: string };

/**
 * Queues the stop (on suspension) or start (on lifting it) of one container. A container busy with another
 * task is skipped and reported: the node poller stops any suspended container it still sees running.
 */
export async function queuePowerForSuspension(
  actor: Actor,
  c: Target,
  action: "stop" | "start",
  ip?: string,
): Promise<"queued" | "busy"> {
  try {
    await enqueueTask({
      actor,
      type: `container.${action}`,
      containerId: c.id,
      nodeId: c.nodeId,
      tenantId: c.tenantId,
      ip,
      input: { ctid: c.ctid, hostname: c.hostname, reason: "suspension" },
    });
    return "queued";
  } catch (err) {
    if (isAppError(err) && err.reason === "container-busy") return "busy";
    throw err;
  }
}
