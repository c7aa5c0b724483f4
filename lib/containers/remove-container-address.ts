import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedContainer } from "./get-container";

/** Queues removal of an address from a container (`vzctl set --ipdel --save`); the pool gets it back after. */
export async function removeContainerAddress(options: {
  actor: Actor;
  containerId: string;
  address: string;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.set-limits",
  });
  const row = await db.ipAddress.findFirst({
    where: { containerId: c.id, address: options.address.trim() },
    select: { id: true },
  });
  if (!row) {
    throw new AppError(
      "NOT_FOUND",
      `Address ${options.address} is not assigned to this container. Reload the page to see its addresses.`,
      {
        field: "address",
      },
    );
  }
  return enqueueTask({
    actor: options.actor,
    type: "container.set-ip",
    containerId: c.id,
    nodeId: c.nodeId,
    tenantId: c.tenantId,
    ip: options.ip,
    input: { ctid: c.ctid, hostname: c.hostname, remove: options.address.trim() },
  });
}
