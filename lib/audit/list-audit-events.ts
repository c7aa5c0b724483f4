import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

export async function listAuditEvents(options: { actor: Actor; take?: number }) {
  authorize(options.actor, "audit.read", null);
  return db.auditEvent.findMany({
    orderBy: { createdAt: "desc" },
    take: Math.min(options.take ?? 100, 500),
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
    },
  });
}
