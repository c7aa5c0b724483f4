import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { db } from "../db";
import { getManagedUser } from "./get-managed-user";

/** Removes a user's second factor (lost phone): they sign in with the password and may enrol again. */
export async function resetUserTotp(options: {
  actor: UserActor;
  userId: string;
  ip?: string;
}): Promise<void> {
  const user = await getManagedUser(options);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: {
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        totpRecoveryCodes: null,
        sessionVersion: { increment: 1 },
      },
      select: { id: true },
    });
    await recordAuditEvent({
      tx,
      actor: options.actor,
      action: "user.reset-totp",
      result: "success",
      targetType: "user",
      targetId: user.id,
      tenantId: user.tenantId,
      ip: options.ip,
      details: { email: user.email },
    });
  });
}
