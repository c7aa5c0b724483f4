import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/**
 * One page of a pool's allocated and reserved addresses (the only ones with rows), ordered by row id so a
 * cursor (the last id seen) stays valid while addresses are added. Fetches limit + 1 rows: the caller
 * cuts the page and knows whether another follows.
 */
export async function listPoolAddresses(options: {
  actor: Actor;
  poolId: string;
  after: string | null;
  limit: number;
}) {
  const { actor, poolId, after, limit } = options;
  authorize(actor, "ip-pool.read", { type: "ip-pool", id: poolId });
  const pool = await db.ipPool.findUnique({ where: { id: poolId }, select: { id: true } });
  if (!pool) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  return db.ipAddress.findMany({
    where: { poolId, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take: limit + 1,
    select: {
      id: true,
      address: true,
      isReserved: true,
      note: true,
      containerId: true,
      allocatedAt: true,
    },
  });
}
