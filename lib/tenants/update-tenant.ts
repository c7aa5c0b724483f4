import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import { createTenantSchema } from "./schemas";

/** Renames a tenant and sets its caps (max containers, total RAM, total disk; empty = no cap). */
export async function updateTenant(options: {
  actor: UserActor;
  tenantId: string;
  input: unknown;
  ip?: string;
}) {
  const { actor, tenantId } = options;
  authorize(actor, "tenant.manage", { type: "tenant", id: tenantId });
  const data = parseInput(createTenantSchema, options.input);
  try {
    await db.$transaction(async (tx) => {
      const res = await tx.tenant.updateMany({ where: { id: tenantId }, data });
      if (res.count !== 1)
        throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
      await recordAuditEvent({
        tx,
        actor,
        action: "tenant.update",
        result: "success",
        targetType: "tenant",
        targetId: tenantId,
        tenantId,
        ip: options.ip,
        details: data,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("CONFLICT", `A tenant named "${data.name}" already exists.`, { field: "name" });
    throw err;
  }
}
