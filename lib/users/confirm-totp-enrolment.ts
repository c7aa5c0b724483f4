import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { hashPassword } from "../auth/password";
import { openSecret } from "../auth/secret-box";
import { createRecoveryCodes, normalizeRecoveryCode, verifyTotpCode } from "../auth/totp";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/** Activates the pending TOTP secret once the user proves their app has it. Returns one-time recovery codes. */
export async function confirmTotpEnrolment(options: {
  actor: UserActor;
  code: string;
  ip?: string;
}): Promise<string[]> {
  const { actor } = options;
  authorize(actor, "profile.update", { type: "user", id: actor.userId, tenantId: actor.tenantId });
  const user = await db.user.findUnique({
    where: { id: actor.userId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpSecret || user.totpEnabledAt) {
    throw new AppError("CONFLICT", "Start the authenticator set-up again: there is no pending enrolment.");
  }
  const step = verifyTotpCode(openSecret(user.totpSecret), options.code, null);
  if (step === null) {
    throw new AppError(
      "VALIDATION",
      "That code is wrong. Check the app shows Berth and enter the current code.",
      {
        field: "code",
      },
    );
  }
  const codes = createRecoveryCodes();
  const hashes = await Promise.all(codes.map((c) => hashPassword(normalizeRecoveryCode(c))));
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.userId },
      data: { totpEnabledAt: new Date(), totpLastStep: step, totpRecoveryCodes: JSON.stringify(hashes) },
      select: { id: true },
    });
    await recordAuditEvent({ tx, actor, action: "user.totp-enable", result: "success", ip: options.ip });
  });
  return codes;
}
