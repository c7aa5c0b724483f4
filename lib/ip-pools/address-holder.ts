import "server-only";
import type { Prisma } from "../generated/prisma/client";

/**
 * Who holds an address, in words for an admin's error message: "container CTID 101 (web1.example) on
 * node n1". Admin-only: a customer must never learn about another tenant's container from an error.
 */
export async function describeAddressHolder(
  client: Prisma.TransactionClient,
  address: string,
  poolId: string,
): Promise<string> {
  const row = await client.ipAddress.findUnique({
    where: { poolId_address: { poolId, address } },
    select: {
      isReserved: true,
      note: true,
      container: { select: { ctid: true, hostname: true, node: { select: { name: true } } } },
    },
  });
  if (row?.container) {
    const c = row.container;
    return `container CTID ${c.ctid} (${c.hostname}) on node ${c.node.name}`;
  }
  if (row?.isReserved) return `a reservation${row.note ? ` (${row.note})` : ""}`;
  return "another container";
}
