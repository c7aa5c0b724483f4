import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { generatePassword, hashPassword } from "../auth/password";
import { db } from "../db";
import { getManagedUser } from "./get-managed-user";

/** Gives a user a new generated password (returned once) and ends their sessions. */
export async function resetUserPassword(options: {
  actor: UserActor;
  userId: string;
  ip?: string;
}): Promise<string> {
  const user = await getManagedUser(options);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    await recordAuditEvent({
      tx,
      actor: options.actor,
      action: "user.reset-password",
      result: "success",
      targetType: "user",
      targetId: user.id,
      tenantId: user.tenantId,
      ip: options.ip,
      details: { email: user.email },
    });
  });
  return password;
}
