import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { assertPasswordStrength, generatePassword, hashPassword } from "../auth/password";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import { createUserSchema } from "./schemas";

/**
 * Creates an admin or a customer user. With no password given, one is generated and returned once;
 * the panel stores only its argon2id hash.
 */
export async function createUser(options: { actor: UserActor; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "user.manage", null);
  const input = parseInput(createUserSchema, options.input);
  const isGenerated = input.password === "";
  const password = isGenerated ? generatePassword() : input.password;
  if (!isGenerated) assertPasswordStrength(password);
  const tenantId = input.role === "CUSTOMER" ? input.tenantId : null;
  if (tenantId) {
    const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
    if (!tenant)
      throw new AppError("VALIDATION", "That tenant does not exist. Choose one from the list.", {
        field: "tenantId",
      });
  }
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, tenantId, passwordHash },
        select: { id: true, email: true, name: true, role: true, tenantId: true },
      });
      await recordAuditEvent({
        tx,
        actor,
        action: "user.create",
        result: "success",
        targetType: "user",
        targetId: created.id,
        tenantId,
        ip: options.ip,
        details: { email: created.email, role: created.role },
      });
      return created;
    });
    return { user, generatedPassword: isGenerated ? password : null };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("CONFLICT", `A user with the e-mail ${input.email} already exists.`, {
        field: "email",
      });
    }
    throw err;
  }
}
