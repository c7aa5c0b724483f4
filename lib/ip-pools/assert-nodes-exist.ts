import "server-only";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";

/** The nodes ticked in a pool form must still exist (one may have been removed since the page loaded). */
export async function assertNodesExist(client: Prisma.TransactionClient, nodeIds: string[]): Promise<void> {
  if (nodeIds.length === 0) return;
  const found = await client.node.count({ where: { id: { in: nodeIds } } });
  if (found !== nodeIds.length) {
    throw new AppError(
      "VALIDATION",
      "One of the chosen nodes no longer exists. Reload the page and choose again.",
      {
        field: "nodeIds",
      },
    );
  }
}
