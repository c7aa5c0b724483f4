import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

/**
 * Returns every address of a container to its pool (on destroy). Allocated rows are deleted, so the
 * address is free again; reserved rows stay, reserved, without the container.
 *
 * Building block for the container functions, which authorize and audit: pass their transaction as `tx`
 * so the container's removal and its addresses' release land together.
 */
export async function releaseContainerIpAddresses(options: {
  tx?: Prisma.TransactionClient;
  containerId: string;
}): Promise<{ address: string; poolId: string; isReserved: boolean }[]> {
  const client = options.tx ?? db;
  const rows = await client.ipAddress.findMany({
    where: { containerId: options.containerId },
    select: { address: true, poolId: true, isReserved: true },
  });
  await client.ipAddress.deleteMany({ where: { containerId: options.containerId, isReserved: false } });
  await client.ipAddress.updateMany({
    where: { containerId: options.containerId, isReserved: true },
    data: { containerId: null, allocatedAt: null },
  });
  return rows;
}
