import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { resolveScheduleOwner } from "./schedule-owner";

/**
 * Removes the schedule of one container (it then follows its tenant's, if any) or a tenant's own (admins).
 * Backups already made stay. Removing a schedule that does not exist is not an error (isDeleted false).
 */
export async function deleteBackupSchedule(options: {
  actor: Actor;
  containerId?: string;
  tenantId?: string;
  ip?: string;
}) {
  const { tenantId, containerId } = await resolveScheduleOwner({
    ...options,
    containerAction: "backup.schedule",
    tenantAction: "tenant.manage",
  });
  const { count } = await db.backupSchedule.deleteMany({ where: { tenantId, containerId } });
  if (count > 0)
    await recordAuditEvent({
      actor: options.actor,
      action: "backup.schedule.delete",
      result: "success",
      targetType: containerId ? "container" : "tenant",
      targetId: containerId ?? tenantId,
      tenantId,
      ip: options.ip,
    });
  return { isDeleted: count > 0 };
}
