import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { assertPasswordStrength, generatePassword, hashPassword } from "../auth/password";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { isUniqueViolation } from "../errors/prisma-errors";
import { USER_SUMMARY_SELECT } from "./user-summary-select";

/** The first password of a new user: the one typed (held to the strength rules), or one generated. */
export function chooseInitialPassword(typed: string): { password: string; isGenerated: boolean } {
  if (typed === "") return { password: generatePassword(), isGenerated: true };
  assertPasswordStrength(typed);
  return { password: typed, isGenerated: false };
}

/**
 * Writes a new user and its audit event in one transaction; the callers have authorized the actor and
 * checked the input and the tenant. Only the argon2id hash of the password is stored; a generated password
 * is returned, once. An e-mail already in use is a CONFLICT on the e-mail field.
 */
export async function insertUser(options: {
  actor: UserActor;
  user: { email: string; name: string; role: "ADMIN" | "CUSTOMER"; tenantId: string | null };
  initialPassword: { password: string; isGenerated: boolean };
  ip?: string;
}) {
  const { actor, user: data, initialPassword } = options;
  const passwordHash = await hashPassword(initialPassword.password);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { ...data, passwordHash },
        select: { ...USER_SUMMARY_SELECT, tenantId: true },
      });
      await recordAuditEvent({
        tx,
        actor,
        action: "user.create",
        result: "success",
        targetType: "user",
        targetId: created.id,
        tenantId: data.tenantId,
        ip: options.ip,
        details: { email: created.email, role: created.role },
      });
      return created;
    });
    return { user, generatedPassword: initialPassword.isGenerated ? initialPassword.password : null };
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("CONFLICT", `A user with the e-mail ${data.email} already exists.`, {
        field: "email",
      });
    throw err;
  }
}
