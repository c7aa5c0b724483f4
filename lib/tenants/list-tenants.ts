import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

export async function listTenants(options: { actor: Actor }) {
  authorize(options.actor, "tenant.read", null);
  return db.tenant.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      status: true,
      createdAt: true,
      _count: { select: { users: true, containers: true } },
    },
  });
}
