import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

export async function listPlans(options: { actor: Actor }) {
  authorize(options.actor, "plan.read", null);
  return db.plan.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      ramMb: true,
      swapMb: true,
      diskspaceMb: true,
      diskspaceLimitMb: true,
      cpus: true,
      _count: { select: { containers: true } },
    },
  });
}
