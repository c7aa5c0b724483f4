import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { getAuthorizedContainer } from "../containers/get-container";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { backupScheduleInputSchema } from "./schemas";

/**
 * Sets the daily backup schedule of one container (containerId) or of every container of a tenant
 * (tenantId, admins only), with its retention. One schedule per container and one per tenant.
 */
export async function setBackupSchedule(options: {
  actor: Actor;
  containerId?: string;
  tenantId?: string;
  input: unknown;
  ip?: string;
}) {
  const input = parseInput(backupScheduleInputSchema, options.input ?? {});
  let tenantId: string;
  let containerId: string | null = null;
  if (options.containerId) {
    const c = await getAuthorizedContainer({
      actor: options.actor,
      containerId: options.containerId,
      action: "backup.schedule",
    });
    tenantId = c.tenantId;
    containerId = c.id;
  } else if (options.tenantId) {
    // A tenant-wide schedule is the provider's: customers get NOT_FOUND, as for any admin-only action.
    authorize(options.actor, "tenant.manage", { type: "tenant", id: options.tenantId });
    const t = await db.tenant.findUnique({ where: { id: options.tenantId }, select: { id: true } });
    if (!t) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
    tenantId = t.id;
  } else throw new AppError("VALIDATION", "Name a container or a tenant.");
  const existing = await db.backupSchedule.findFirst({
    where: { tenantId, containerId },
    select: { id: true },
  });
  const data = { ...input, tenantId, containerId };
  const schedule = existing
    ? await db.backupSchedule.update({ where: { id: existing.id }, data, select: { id: true } })
    : await db.backupSchedule.create({ data, select: { id: true } });
  await recordAuditEvent({
    actor: options.actor,
    action: "backup.schedule",
    result: "success",
    targetType: containerId ? "container" : "tenant",
    targetId: containerId ?? tenantId,
    tenantId,
    ip: options.ip,
    details: input,
  });
  return { scheduleId: schedule.id, ...input };
}

/** The schedule of a container (its own, else its tenant's), for display. */
export async function getBackupSchedule(options: { actor: Actor; containerId: string }) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "backup.read",
  });
  const rows = await db.backupSchedule.findMany({
    where: { tenantId: c.tenantId, OR: [{ containerId: c.id }, { containerId: null }] },
    select: {
      id: true,
      containerId: true,
      mode: true,
      hourUtc: true,
      keepDaily: true,
      keepWeekly: true,
      isEnabled: true,
      lastRunAt: true,
    },
  });
  return rows.find((r) => r.containerId === c.id) ?? rows.find((r) => r.containerId === null) ?? null;
}
