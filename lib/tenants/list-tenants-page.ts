import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/**
 * One page of tenants ordered by id (a stable cursor), with their caps and counts. Fetches limit + 1 rows:
 * the caller cuts the page and knows whether another follows.
 */
export async function listTenantsPage(options: { actor: Actor; after: string | null; limit: number }) {
  authorize(options.actor, "tenant.read", null);
  const rows = await db.tenant.findMany({
    where: options.after ? { id: { gt: options.after } } : {},
    orderBy: { id: "asc" },
    take: options.limit + 1,
    select: {
      id: true,
      name: true,
      status: true,
      suspendedReason: true,
      maxContainers: true,
      maxRamMb: true,
      maxDiskMb: true,
      createdAt: true,
      _count: { select: { users: true, containers: true } },
    },
  });
  return rows.map(({ _count, ...t }) => ({
    ...t,
    userCount: _count.users,
    containerCount: _count.containers,
  }));
}
