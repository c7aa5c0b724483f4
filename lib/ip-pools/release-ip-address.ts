import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";
import { normaliseIp } from "./cidr";

/**
 * Removes one address from a container by hand and returns it to its pool (a reserved address stays
 * reserved). Removing it on the node (vzctl set --ipdel) is a task the caller queues, in the same `tx`.
 */
export async function releaseIpAddress(options: {
  actor: Actor;
  containerId: string;
  address: string;
  ip?: string;
  tx?: Prisma.TransactionClient;
}): Promise<{ address: string; poolId: string; isReserved: boolean }> {
  const client = options.tx ?? db;
  const container = await client.container.findUnique({
    where: { id: options.containerId },
    select: { id: true, tenantId: true, ctid: true },
  });
  authorize(options.actor, "container.set-limits", {
    type: "container",
    id: options.containerId,
    tenantId: container?.tenantId ?? null,
  });
  if (!container) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const address = normaliseIp(options.address);
  const run = async (tx: Prisma.TransactionClient) => {
    const row = address
      ? await tx.ipAddress.findFirst({
          where: { containerId: container.id, address },
          select: { id: true, poolId: true, isReserved: true },
        })
      : null;
    if (!row || !address) {
      throw new AppError(
        "NOT_FOUND",
        `Address ${options.address} is not assigned to container CTID ${container.ctid}. Reload the page to see its addresses.`,
        { field: "address" },
      );
    }
    if (row.isReserved) {
      await tx.ipAddress.update({
        where: { id: row.id },
        data: { containerId: null, allocatedAt: null },
        select: { id: true },
      });
    } else {
      await tx.ipAddress.delete({ where: { id: row.id }, select: { id: true } });
    }
    await recordAuditEvent({
      tx,
      actor: options.actor,
      action: "container.ip-remove",
      result: "success",
      targetType: "container",
      targetId: container.id,
      tenantId: container.tenantId,
      ip: options.ip,
      details: { ctid: container.ctid, address, poolId: row.poolId },
    });
    return { address, poolId: row.poolId, isReserved: row.isReserved };
  };
  return options.tx ? run(options.tx) : db.$transaction(run);
}
