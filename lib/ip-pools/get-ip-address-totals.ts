import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { listIpPools } from "./list-ip-pools";

/**
 * Addresses across every pool, for the dashboard. Free comes from the pools' CIDR sizes (rows exist only
 * for allocated and reserved addresses), so counting rows without a container would always say 0.
 */
export async function getIpAddressTotals(options: { actor: Actor }) {
  authorize(options.actor, "ip-pool.read", null);
  const pools = await listIpPools({ actor: options.actor });
  return pools.reduce(
    (sum, p) => ({
      pools: sum.pools + 1,
      used: sum.used + p.usage.used,
      reserved: sum.reserved + p.usage.reserved,
      free: sum.free + p.usage.free,
      total: sum.total + p.usage.total,
    }),
    { pools: 0, used: 0, reserved: 0, free: 0n, total: 0n },
  );
}
