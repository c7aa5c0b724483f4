import { type Cidr, countAssignable, isAssignable, parseIp } from "./cidr";

export type PoolUsage = {
  /** Addresses a container could ever get: the block minus network/broadcast (IPv4) and the gateway. */
  total: bigint;
  /** Given to containers (a reserved address given to a container by hand counts here). */
  used: number;
  /** Reserved and not given to any container. */
  reserved: number;
  free: bigint;
};

/**
 * Counts for a pool. Only allocated or reserved addresses have rows, so "free" comes from the size of the
 * CIDR: a /64 is counted, never listed.
 */
export function getPoolUsage(
  pool: { cidr: Cidr; gateway: string | null },
  counts: { used: number; reserved: number },
): PoolUsage {
  const gw = pool.gateway ? parseIp(pool.gateway) : null;
  const gatewayTakesOne =
    gw !== null && gw.version === pool.cidr.version && isAssignable(pool.cidr, gw.value);
  const total = countAssignable(pool.cidr) - (gatewayTakesOne ? 1n : 0n);
  const free = total - BigInt(counts.used) - BigInt(counts.reserved);
  return { total, used: counts.used, reserved: counts.reserved, free: free < 0n ? 0n : free };
}
