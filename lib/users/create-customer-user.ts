import "server-only";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { customerUserSchema } from "./customer-user-schema";
import { chooseInitialPassword, insertUser } from "./insert-user";

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
  const initialPassword = chooseInitialPassword(input.password);
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!tenant) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  return insertUser({
    actor,
    user: { email: input.email, name: input.name, role: "CUSTOMER", tenantId },
    initialPassword,
    ip: options.ip,
  });
}
