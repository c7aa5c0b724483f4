import "server-only";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";
import { type Cidr, cidrsOverlap, formatCidr, parseCidr } from "./cidr";

/**
 * Refuses a block that overlaps another pool. Addresses are unique per pool, so two overlapping pools could
 * hand the same address to two containers: the blocks themselves must not overlap.
 */
export async function assertNoOverlappingPool(
  client: Prisma.TransactionClient,
  cidr: Cidr,
  exceptPoolId?: string,
): Promise<void> {
  const pools = await client.ipPool.findMany({
    where: { ipVersion: cidr.version, ...(exceptPoolId ? { id: { not: exceptPoolId } } : {}) },
    select: { name: true, cidr: true },
  });
  const other = pools.find((p) => cidrsOverlap(parseCidr(p.cidr), cidr));
  if (other) {
    throw new AppError(
      "CONFLICT",
      `${formatCidr(cidr)} overlaps IP pool ${other.name} (${other.cidr}). Use a block outside it, or add the nodes to pool ${other.name} instead.`,
      { field: "cidr", reason: "pool-overlap" },
    );
  }
}
