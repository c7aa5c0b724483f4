import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { assertPasswordStrength, generatePassword, hashPassword } from "../auth/password";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import { customerUserSchema } from "./customer-user-schema";
import { USER_SUMMARY_SELECT } from "./user-summary-select";

/**
 * Creates a customer user of one tenant, as part of managing that tenant ("tenant.manage", the provision
 * scope a billing system's token has). Unlike createUser ("user.manage", admin scope) it can never make an
 * admin: the role is fixed. With no password given, one is generated and returned once.
 */
export async function createCustomerUser(options: {
  actor: UserActor;
  tenantId: string;
  input: unknown;
  ip?: string;
}) {
  const { actor, tenantId } = options;
  authorize(actor, "tenant.manage", { type: "tenant", id: tenantId });
  const input = parseInput(customerUserSchema, options.input);
  const isGenerated = input.password === "";
  const password = isGenerated ? generatePassword() : input.password;
  if (!isGenerated) assertPasswordStrength(password);
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!tenant) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: input.email, name: input.name, role: "CUSTOMER", tenantId, passwordHash },
        select: USER_SUMMARY_SELECT,
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
    if (isUniqueViolation(err))
      throw new AppError("CONFLICT", `A user with the e-mail ${input.email} already exists.`, {
        field: "email",
      });
    throw err;
  }
}
