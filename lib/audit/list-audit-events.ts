import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

export const auditQuerySchema = z.object({
  action: z.string().trim().max(64).catch(""),
  actor: z.string().trim().max(254).catch(""),
  result: z.enum(["success", "failure", "denied"]).or(z.literal("")).catch(""),
  target: z.string().trim().max(64).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** The audit log, newest first, filtered by action (prefix), actor, result or target id. Read-only. */
export async function listAuditEvents(options: {
  actor: Actor;
  take?: number;
  query?: Record<string, unknown>;
}) {
  authorize(options.actor, "audit.read", null);
  const query = auditQuerySchema.parse(options.query ?? {});
  const take = Math.min(options.take ?? 100, 500);
  const where: Prisma.AuditEventWhereInput = {
    ...(query.action ? { action: { startsWith: query.action } } : {}),
    ...(query.actor ? { actorLabel: { contains: query.actor.toLowerCase() } } : {}),
    ...(query.result ? { result: query.result } : {}),
    ...(query.target ? { targetId: query.target } : {}),
  };
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (query.page - 1) * take,
    take: take + 1,
    select: {
      id: true,
      createdAt: true,
      actorKind: true,
      actorLabel: true,
      action: true,
      targetType: true,
      targetId: true,
      ip: true,
      result: true,
      details: true,
    },
  });
  return Object.assign(rows.slice(0, take), { query, hasMore: rows.length > take });
}
