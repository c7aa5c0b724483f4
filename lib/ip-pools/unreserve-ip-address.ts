import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { normaliseIp } from "./cidr";

/** Removes a reservation: the address is free again, or stays with the container that holds it. */
export async function unreserveIpAddress(options: {
  actor: Actor;
  poolId: string;
  address: string;
  ip?: string;
}) {
  const { actor } = options;
  authorize(actor, "ip-pool.manage", { type: "ip-pool", id: options.poolId });
  const address = normaliseIp(options.address) ?? options.address;
  return db.$transaction(async (tx) => {
    const row = await tx.ipAddress.findUnique({
      where: { poolId_address: { poolId: options.poolId, address } },
      select: { id: true, isReserved: true, containerId: true, pool: { select: { name: true } } },
    });
    if (!row?.isReserved) {
      throw new AppError(
        "NOT_FOUND",
        `${address} is not reserved in this pool. Reload the page to see its reservations.`,
      );
    }
    if (row.containerId) {
      await tx.ipAddress.update({
        where: { id: row.id },
        data: { isReserved: false, note: null },
        select: { id: true },
      });
    } else {
      // Conditional: a container may have been given the address by hand since the read above.
      const gone = await tx.ipAddress.deleteMany({ where: { id: row.id, containerId: null } });
      if (gone.count === 0) {
        await tx.ipAddress.update({
          where: { id: row.id },
          data: { isReserved: false, note: null },
          select: { id: true },
        });
      }
    }
    await recordAuditEvent({
      tx,
      actor,
      action: "ip-pool.unreserve",
      result: "success",
      targetType: "ip-pool",
      targetId: options.poolId,
      ip: options.ip,
      details: { pool: row.pool.name, address },
    });
    return { address };
  });
}
