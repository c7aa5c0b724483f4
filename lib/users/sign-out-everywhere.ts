import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/** Ends every session of the actor's account by bumping its session version. */
export async function signOutEverywhere(options: { actor: UserActor; ip?: string }): Promise<void> {
  const { actor } = options;
  authorize(actor, "profile.update", { type: "user", id: actor.userId, tenantId: actor.tenantId });
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.userId },
      data: { sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    await recordAuditEvent({
      tx,
      actor,
      action: "auth.sign-out-everywhere",
      result: "success",
      ip: options.ip,
    });
  });
}
