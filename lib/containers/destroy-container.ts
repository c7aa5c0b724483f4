import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedContainer } from "./get-container";

/**
 * Queues destruction of a container: its disk and config on the node go, its addresses return to their
 * pools. The caller must repeat the host name (typed confirmation): a slip of the mouse destroys nothing.
 */
export async function destroyContainer(options: {
  actor: Actor;
  containerId: string;
  confirmHostname: string;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.destroy",
  });
  if (options.confirmHostname.trim().toLowerCase() !== c.hostname) {
    throw new AppError("VALIDATION", `Type the container's host name (${c.hostname}) to confirm.`, {
      field: "confirmHostname",
    });
  }
  return db.$transaction(async (tx) => {
    const task = await enqueueTask({
      tx,
      actor: options.actor,
      type: "container.destroy",
      containerId: c.id,
      nodeId: c.nodeId,
      tenantId: c.tenantId,
      ip: options.ip,
      input: { ctid: c.ctid, hostname: c.hostname },
    });
    await tx.container.update({ where: { id: c.id }, data: { status: "DESTROYING" }, select: { id: true } });
    return task;
  });
}
