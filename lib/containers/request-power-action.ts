import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedContainer } from "./get-container";

export type PowerAction = "start" | "stop" | "restart";

/** Queues start, stop or restart of a container as a task. */
export async function requestPowerAction(options: {
  actor: Actor;
  containerId: string;
  action: PowerAction;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.operate",
  });
  if (options.action !== "stop") {
    const tenant = await db.tenant.findUnique({ where: { id: c.tenantId }, select: { status: true } });
    if (c.isSuspended || tenant?.status === "SUSPENDED") {
      throw new AppError(
        "CONFLICT",
        c.isSuspended
          ? "This container is suspended; lift the suspension before starting it."
          : "This container's tenant is suspended; lift the tenant's suspension before starting it.",
        { reason: "suspended" },
      );
    }
  }
  if (c.status === "CREATING" || c.status === "DESTROYING") {
    throw new AppError(
      "CONFLICT",
      `The container is ${c.status.toLowerCase()}; wait for that task to finish.`,
    );
  }
  return enqueueTask({
    actor: options.actor,
    type: `container.${options.action}`,
    containerId: c.id,
    nodeId: c.nodeId,
    tenantId: c.tenantId,
    ip: options.ip,
    input: { ctid: c.ctid, hostname: c.hostname },
  });
}
