import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

export type AuditInput = {
  actor: Actor | { kind: "anonymous"; label: string };
  action: string;
  result: "success" | "failure" | "denied";
  targetType?: string;
  targetId?: string;
  tenantId?: string | null;
  ip?: string;
  details?: Record<string, unknown>;
  /** Write inside the caller's transaction, so the change and its audit event land together. */
  tx?: Prisma.TransactionClient;
};

/** Appends one audit event. Audit rows are never updated or deleted by the panel. */
export async function recordAuditEvent(input: AuditInput): Promise<void> {
  const { actor } = input;
  const client = input.tx ?? db;
  await client.auditEvent.create({
    data: {
      actorKind:
        actor.kind === "user"
          ? actor.tokenId
            ? "TOKEN"
            : "USER"
          : actor.kind === "anonymous"
            ? "ANONYMOUS"
            : "SYSTEM",
      actorId: actor.kind === "user" ? actor.userId : null,
      actorLabel: actor.kind === "user" ? actor.email : actor.kind === "anonymous" ? actor.label : "system",
      tenantId: input.tenantId ?? (actor.kind === "user" ? actor.tenantId : null),
      action: input.action,
      result: input.result,
      targetType: input.targetType,
      targetId: input.targetId,
      ip: input.ip,
      details: JSON.stringify(input.details ?? {}),
    },
    select: { id: true },
  });
}
