import "server-only";
import type { Actor } from "../auth/actor";
import { authorize, getTenantScope } from "../auth/authorize";
import { db } from "../db";

/** Containers the actor may see: all for admins, the own tenant's for customers. */
export async function listContainers(options: { actor: Actor; take?: number }) {
  authorize(options.actor, "container.list", null);
  const tenantId = getTenantScope(options.actor);
  return db.container.findMany({
    where: tenantId ? { tenantId } : {},
    orderBy: [{ createdAt: "desc" }],
    take: Math.min(options.take ?? 100, 500),
    select: {
      id: true,
      ctid: true,
      hostname: true,
      status: true,
      ramMb: true,
      diskspaceMb: true,
      node: { select: { id: true, name: true } },
      tenant: { select: { id: true, name: true } },
      plan: { select: { id: true, name: true } },
      template: { select: { id: true, name: true } },
      ipAddresses: { select: { address: true } },
    },
  });
}
