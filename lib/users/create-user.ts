import "server-only";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { chooseInitialPassword, insertUser } from "./insert-user";
import { createUserSchema } from "./schemas";

/**
 * Creates an admin or a customer user. With no password given, one is generated and returned once;
 * the panel stores only its argon2id hash (insertUser).
 */
export async function createUser(options: { actor: UserActor; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "user.manage", null);
  const input = parseInput(createUserSchema, options.input);
  const initialPassword = chooseInitialPassword(input.password);
  const tenantId = input.role === "CUSTOMER" ? input.tenantId : null;
  if (tenantId) {
    const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
    if (!tenant)
      throw new AppError("VALIDATION", "That tenant does not exist. Choose one from the list.", {
        field: "tenantId",
      });
  }
  return insertUser({
    actor,
    user: { email: input.email, name: input.name, role: input.role, tenantId },
    initialPassword,
    ip: options.ip,
  });
}
