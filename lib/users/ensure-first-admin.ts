import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { SYSTEM_ACTOR } from "../auth/actor";
import { generatePassword, hashPassword } from "../auth/password";
import { emailSchema } from "../auth/schemas";
import { db } from "../db";

/**
 * First run: when no admin exists, creates one and returns its password (to be printed once, never stored
 * in clear). Returns null when an admin already exists, so running it again changes nothing.
 */
export async function ensureFirstAdmin(options: {
  email: string;
  password?: string;
}): Promise<{ email: string; password: string } | null> {
  const email = emailSchema.parse(options.email);
  if ((await db.user.count({ where: { role: "ADMIN" } })) > 0) return null;
  const password = options.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email, name: "Administrator", passwordHash, role: "ADMIN" },
      select: { id: true },
    });
    await recordAuditEvent({
      tx,
      actor: SYSTEM_ACTOR,
      action: "user.create-first-admin",
      result: "success",
      targetType: "user",
      targetId: user.id,
    });
  });
  return { email, password };
}
