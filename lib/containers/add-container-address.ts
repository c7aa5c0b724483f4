import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { assignIpAddress } from "../ip-pools/assign-ip-address";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedContainer } from "./get-container";

/**
 * Adds an address to a container (the first free one of a pool serving its node, or the one typed) and
 * queues `vzctl set --ipadd --save` on the node. The address is the container's in the panel at once, so
 * no concurrent create can take it; if the node refuses, the task gives it back.
 */
export async function addContainerAddress(options: {
  actor: Actor;
  containerId: string;
  address?: string;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.set-limits",
  });
  return db.$transaction(async (tx) => {
    const allocated = await assignIpAddress({
      tx,
      actor: options.actor,
      containerId: c.id,
      ...(options.address ? { address: options.address } : {}),
      ip: options.ip,
    });
    const task = await enqueueTask({
      tx,
      actor: options.actor,
      type: "container.set-ip",
      containerId: c.id,
      nodeId: c.nodeId,
      tenantId: c.tenantId,
      ip: options.ip,
      input: { ctid: c.ctid, hostname: c.hostname, add: allocated.address },
    });
    return { task, address: allocated.address };
  });
}
