import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { assertPasswordStrength, hashPassword, verifyPassword } from "../auth/password";
import { db } from "../db";
import { AppError } from "../errors/app-error";

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(256),
  newPassword: z.string().max(256),
  confirmPassword: z.string().max(256),
});

/**
 * Changes the actor's password after checking the current one. Bumps sessionVersion, which ends every
 * session of the account (this one included): whoever knew the old password is out.
 */
export async function changeOwnPassword(options: {
  actor: UserActor;
  input: unknown;
  ip?: string;
}): Promise<void> {
  const { actor } = options;
  authorize(actor, "profile.update", { type: "user", id: actor.userId, tenantId: actor.tenantId });
  const parsed = changePasswordSchema.safeParse(options.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("VALIDATION", issue?.message ?? "Check the form.", {
      field: String(issue?.path[0] ?? ""),
    });
  }
  const { currentPassword, newPassword, confirmPassword } = parsed.data;
  if (newPassword !== confirmPassword) {
    throw new AppError("VALIDATION", "The two new passwords differ. Type the same password twice.", {
      field: "confirmPassword",
      reason: "mismatch",
    });
  }
  assertPasswordStrength(newPassword, "newPassword");
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("VALIDATION", "The current password is wrong.", { field: "currentPassword" });
  }
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.userId },
      data: { passwordHash, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    await recordAuditEvent({
      tx,
      actor,
      action: "user.change-password",
      result: "success",
      targetType: "user",
      targetId: actor.userId,
      ip: options.ip,
    });
  });
}
