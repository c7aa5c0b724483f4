import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { verifyPassword } from "../auth/password";
import { openSecret } from "../auth/secret-box";
import { verifyTotpCode } from "../auth/totp";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { getSetting } from "../settings/settings";

/** Turns the actor's TOTP off after a current code or the password proves it is them. */
export async function disableTotp(options: { actor: UserActor; proof: string; ip?: string }): Promise<void> {
  const { actor } = options;
  authorize(actor, "profile.update", { type: "user", id: actor.userId, tenantId: actor.tenantId });
  if (actor.role === "ADMIN" && (await getSetting("requireAdminTotp"))) {
    throw new AppError("FORBIDDEN", "Administrators must keep a second factor while the panel requires it.");
  }
  const user = await db.user.findUnique({
    where: { id: actor.userId },
    select: { totpSecret: true, totpEnabledAt: true, totpLastStep: true, passwordHash: true },
  });
  if (!user?.totpEnabledAt || !user.totpSecret) return;
  const isCodeOk = verifyTotpCode(openSecret(user.totpSecret), options.proof, user.totpLastStep) !== null;
  const isPasswordOk = !isCodeOk && (await verifyPassword(user.passwordHash, options.proof));
  if (!isCodeOk && !isPasswordOk) {
    throw new AppError("VALIDATION", "Enter a current code from your app, or your password.", {
      field: "proof",
    });
  }
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.userId },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null, totpRecoveryCodes: null },
      select: { id: true },
    });
    await recordAuditEvent({ tx, actor, action: "user.totp-disable", result: "success", ip: options.ip });
  });
}
