import "server-only";
import type { Actor } from "../auth/actor";
import { authorize, getTenantScope } from "../auth/authorize";
import { db } from "../db";

export async function listTasks(options: { actor: Actor; take?: number }) {
  authorize(options.actor, "task.list", null);
  const tenantId = getTenantScope(options.actor);
  return db.task.findMany({
    where: tenantId ? { tenantId } : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(options.take ?? 100, 500),
    select: {
      id: true,
      type: true,
      status: true,
      progress: true,
      phase: true,
      error: true,
      actorLabel: true,
      createdAt: true,
      finishedAt: true,
      container: { select: { id: true, ctid: true, hostname: true } },
      node: { select: { id: true, name: true } },
    },
  });
}
