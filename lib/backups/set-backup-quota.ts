import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { backupQuotaInputSchema } from "./schemas";

/** The admin sets how many backups, and how many MB of them, a tenant's customers may keep (null: no cap). */
export async function setBackupQuota(options: {
  actor: Actor;
  tenantId: string;
  input: unknown;
  ip?: string;
}) {
  authorize(options.actor, "tenant.manage", { type: "tenant", id: options.tenantId });
  const input = parseInput(backupQuotaInputSchema, options.input ?? {});
  const t = await db.tenant.findUnique({ where: { id: options.tenantId }, select: { id: true } });
  if (!t) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  await db.tenant.update({ where: { id: t.id }, data: input, select: { id: true } });
  await recordAuditEvent({
    actor: options.actor,
    action: "backup.quota",
    result: "success",
    targetType: "tenant",
    targetId: t.id,
    tenantId: t.id,
    ip: options.ip,
    details: input,
  });
  return { tenantId: t.id, ...input };
}
