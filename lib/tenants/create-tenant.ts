import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import { createTenantSchema } from "./schemas";

export async function createTenant(options: { actor: UserActor; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "tenant.manage", null);
  const data = parseInput(createTenantSchema, options.input);
  try {
    return await db.$transaction(async (tx) => {
      const tenant = await tx.tenant.create({ data, select: { id: true, name: true } });
      await recordAuditEvent({
        tx,
        actor,
        action: "tenant.create",
        result: "success",
        targetType: "tenant",
        targetId: tenant.id,
        tenantId: tenant.id,
        ip: options.ip,
        details: { name: tenant.name },
      });
      return tenant;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("CONFLICT", `A tenant named "${data.name}" already exists. Choose another name.`, {
        field: "name",
      });
    }
    throw err;
  }
}
