import "server-only";
import { forgetCachedApiTokens } from "../api/authenticate-api-request";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/** Revokes one of the actor's own tokens. Someone else's token id answers like a missing one. */
export async function revokeApiToken(options: { actor: UserActor; tokenId: string; ip?: string }) {
  const { actor } = options;
  const token = await db.apiToken.findUnique({
    where: { id: String(options.tokenId) },
    select: { id: true, userId: true, prefix: true, revokedAt: true },
  });
  if (!token) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  authorize(actor, "api-token.manage", { type: "api-token", id: token.id, userId: token.userId });
  // Admins manage their own tokens here too: a token belongs to one person.
  if (token.userId !== actor.userId)
    throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  if (token.revokedAt) return;
  await db.$transaction(async (tx) => {
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAuditEvent({
      tx,
      actor,
      action: "api-token.revoke",
      result: "success",
      targetType: "api-token",
      targetId: token.id,
      ip: options.ip,
      details: { prefix: token.prefix },
    });
  });
  forgetCachedApiTokens();
}
