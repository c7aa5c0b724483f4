import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseIp } from "./cidr";

/** Deletes a pool none of whose addresses a container holds; its reservations go with it. */
export async function deleteIpPool(options: { actor: Actor; poolId: string; ip?: string }) {
  const { actor } = options;
  authorize(actor, "ip-pool.manage", { type: "ip-pool", id: options.poolId });
  return db.$transaction(async (tx) => {
    const pool = await tx.ipPool.findUnique({
      where: { id: options.poolId },
      select: { id: true, name: true, cidr: true },
    });
    if (!pool)
      throw new AppError("NOT_FOUND", "That IP pool no longer exists. Go back to the list of pools.");
    const inUse = await tx.ipAddress.findMany({
      where: { poolId: pool.id, containerId: { not: null } },
      select: { address: true, container: { select: { ctid: true, node: { select: { name: true } } } } },
    });
    // Text order puts .11 before .2: name the lowest addresses in numeric order instead.
    const numeric = (a: string) => parseIp(a)?.value ?? 0n;
    inUse.sort((a, b) => (numeric(a.address) < numeric(b.address) ? -1 : 1));
    // The condition is in the delete itself, so an address allocated since the read above is not lost.
    const deleted =
      inUse.length === 0
        ? await tx.ipPool.deleteMany({
            where: { id: pool.id, addresses: { none: { containerId: { not: null } } } },
          })
        : { count: 0 };
    if (deleted.count !== 1) {
      const count = await tx.ipAddress.count({ where: { poolId: pool.id, containerId: { not: null } } });
      const list = inUse
        .slice(0, 3)
        .map((r) => `${r.address}: CTID ${r.container?.ctid} on ${r.container?.node.name}`)
        .join(", ");
      throw new AppError(
        "CONFLICT",
        `IP pool ${pool.name} has ${count} address${count === 1 ? "" : "es"} in use${list ? ` (${list}${count > 3 ? ", …" : ""})` : ""}. Remove them from their containers first, then delete the pool.`,
        { reason: "pool-in-use" },
      );
    }
    await recordAuditEvent({
      tx,
      actor,
      action: "ip-pool.delete",
      result: "success",
      targetType: "ip-pool",
      targetId: pool.id,
      ip: options.ip,
      details: { name: pool.name, cidr: pool.cidr },
    });
    return pool;
  });
}
