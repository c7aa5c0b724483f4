import "server-only";
import type { Actor } from "../auth/actor";
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
  if (c.isSuspended) {
    throw new AppError(
      "CONFLICT",
      "This container is suspended by the administrator; actions are disabled until it is unsuspended.",
    );
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
