import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { parseInput } from "../errors/parse-input";
import { BACKUP_SCHEDULE_SELECT, type BackupScheduleRow, resolveScheduleOwner } from "./schedule-owner";
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
  const owner = await resolveScheduleOwner({
    ...options,
    containerAction: "backup.schedule",
    tenantAction: "tenant.manage",
  });
  const input = parseInput(backupScheduleInputSchema, options.input ?? {});
  const { tenantId, containerId } = owner;
  const existing = await db.backupSchedule.findFirst({
    where: { tenantId, containerId },
    select: { id: true },
  });
  const data = { ...input, tenantId, containerId };
  const schedule: BackupScheduleRow = existing
    ? await db.backupSchedule.update({ where: { id: existing.id }, data, select: BACKUP_SCHEDULE_SELECT })
    : await db.backupSchedule.create({ data, select: BACKUP_SCHEDULE_SELECT });
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
  return { scheduleId: schedule.id, ...input, schedule };
}

/** The schedule of a container (its own, else its tenant's), for display. */
export async function getBackupSchedule(options: {
  actor: Actor;
  containerId: string;
}): Promise<BackupScheduleRow | null> {
  const { tenantId, containerId } = await resolveScheduleOwner({
    ...options,
    containerAction: "backup.read",
    tenantAction: "tenant.read",
  });
  const rows = await db.backupSchedule.findMany({
    where: { tenantId, OR: [{ containerId }, { containerId: null }] },
    select: BACKUP_SCHEDULE_SELECT,
  });
  return rows.find((r) => r.containerId === containerId) ?? rows.find((r) => r.containerId === null) ?? null;
}
