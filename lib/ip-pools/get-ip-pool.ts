import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseCidr, parseIp } from "./cidr";
import { getPoolUsage } from "./pool-usage";

/**
 * A pool with its nodes, its usage counts, and every allocated or reserved address (the only ones with rows)
 * in address order, with the container holding each.
 */
export async function getIpPool(options: { actor: Actor; poolId: string }) {
  authorize(options.actor, "ip-pool.read", { type: "ip-pool", id: options.poolId });
  const pool = await db.ipPool.findUnique({
    where: { id: options.poolId },
    select: {
      id: true,
      name: true,
      cidr: true,
      ipVersion: true,
      gateway: true,
      nameservers: true,
      createdAt: true,
      nodes: { orderBy: { node: { name: "asc" } }, select: { node: { select: { id: true, name: true } } } },
      addresses: {
        select: {
          id: true,
          address: true,
          isReserved: true,
          note: true,
          allocatedAt: true,
          container: {
            select: {
              id: true,
              ctid: true,
              hostname: true,
              node: { select: { name: true } },
              tenant: { select: { name: true } },
            },
          },
        },
      },
    },
  });
  if (!pool) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const cidr = parseCidr(pool.cidr);
  const numeric = (a: string) => parseIp(a)?.value ?? 0n;
  const addresses = [...pool.addresses].sort((a, b) => {
    const x = numeric(a.address);
    const y = numeric(b.address);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const used = addresses.filter((a) => a.container !== null).length;
  const reserved = addresses.filter((a) => a.container === null && a.isReserved).length;
  return {
    ...pool,
    nodes: pool.nodes.map((n) => n.node),
    addresses,
    usage: getPoolUsage({ cidr, gateway: pool.gateway }, { used, reserved }),
  };
}
