import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { authorize, getTenantScope } from "../auth/authorize";
import { db } from "../db";

const STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;

export const taskQuerySchema = z.object({
  status: z.enum(STATUSES).or(z.literal("")).catch(""),
  type: z.string().trim().max(64).catch(""),
});

/** Tasks the actor may see (a customer only their tenant's), newest first, filtered by status or type prefix. */
export async function listTasks(options: { actor: Actor; take?: number; query?: Record<string, unknown> }) {
  authorize(options.actor, "task.list", null);
  const tenantId = getTenantScope(options.actor);
  const query = taskQuerySchema.parse(options.query ?? {});
  return db.task.findMany({
    where: {
      ...(tenantId ? { tenantId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.type ? { type: { startsWith: query.type } } : {}),
    },
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
