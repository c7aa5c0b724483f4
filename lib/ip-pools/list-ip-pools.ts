import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { parseCidr } from "./cidr";
import { getPoolUsage } from "./pool-usage";

export async function listIpPools(options: { actor: Actor }) {
  authorize(options.actor, "ip-pool.read", null);
  const [pools, used, reserved] = await Promise.all([
    db.ipPool.findMany({
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        cidr: true,
        ipVersion: true,
        gateway: true,
        nodes: { orderBy: { node: { name: "asc" } }, select: { node: { select: { id: true, name: true } } } },
      },
    }),
    db.ipAddress.groupBy({ by: ["poolId"], where: { containerId: { not: null } }, _count: true }),
    db.ipAddress.groupBy({ by: ["poolId"], where: { containerId: null, isReserved: true }, _count: true }),
  ]);
  const usedByPool = new Map(used.map((u) => [u.poolId, u._count]));
  const reservedByPool = new Map(reserved.map((u) => [u.poolId, u._count]));
  return pools.map((p) => ({
    ...p,
    nodes: p.nodes.map((n) => n.node),
    usage: getPoolUsage(
      { cidr: parseCidr(p.cidr), gateway: p.gateway },
      { used: usedByPool.get(p.id) ?? 0, reserved: reservedByPool.get(p.id) ?? 0 },
    ),
  }));
}
