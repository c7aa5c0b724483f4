import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

export async function listIpPools(options: { actor: Actor }) {
  authorize(options.actor, "ip-pool.read", null);
  const pools = await db.ipPool.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      cidr: true,
      gateway: true,
      _count: { select: { addresses: true } },
      nodes: { select: { node: { select: { name: true } } } },
    },
  });
  const used = await db.ipAddress.groupBy({
    by: ["poolId"],
    where: { containerId: { not: null } },
    _count: true,
  });
  const usedByPool = new Map(used.map((u) => [u.poolId, u._count]));
  return pools.map((p) => ({ ...p, usedCount: usedByPool.get(p.id) ?? 0 }));
}
