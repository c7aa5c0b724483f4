import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";
import { type AllocatedIpAddress, allocateIpAddress } from "./allocate-ip-address";

/**
 * Adds an address to an existing container by hand: a chosen address, or the first free one of a pool
 * serving its node. Records the address and the audit event; applying it on the node (vzctl set --ipadd)
 * is a task the caller queues, in the same `tx` when it passes one.
 */
export async function assignIpAddress(options: {
  actor: Actor;
  containerId: string;
  address?: string;
  poolId?: string;
  ipVersion?: 4 | 6;
  ip?: string;
  tx?: Prisma.TransactionClient;
}): Promise<AllocatedIpAddress> {
  const client = options.tx ?? db;
  const container = await client.container.findUnique({
    where: { id: options.containerId },
    select: { id: true, tenantId: true, nodeId: true, ctid: true },
  });
  // A container's addresses are its network limits: the same (admin, provision-scope) permission.
  authorize(options.actor, "container.set-limits", {
    type: "container",
    id: options.containerId,
    tenantId: container?.tenantId ?? null,
  });
  if (!container) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const run = async (tx: Prisma.TransactionClient) => {
    const allocated = await allocateIpAddress({
      tx,
      nodeId: container.nodeId,
      containerId: container.id,
      address: options.address?.trim() || undefined,
      poolId: options.poolId || undefined,
      ipVersion: options.ipVersion,
    });
    await recordAuditEvent({
      tx,
      actor: options.actor,
      action: "container.ip-add",
      result: "success",
      targetType: "container",
      targetId: container.id,
      tenantId: container.tenantId,
      ip: options.ip,
      details: { ctid: container.ctid, address: allocated.address, poolId: allocated.poolId },
    });
    return allocated;
  };
  return options.tx ? run(options.tx) : db.$transaction(run);
}
