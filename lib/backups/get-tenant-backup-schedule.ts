import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { BACKUP_SCHEDULE_SELECT, type BackupScheduleRow, resolveScheduleOwner } from "./schedule-owner";

/** A tenant's own daily schedule (for every container without one of its own), or null. Admins only. */
export async function getTenantBackupSchedule(options: {
  actor: Actor;
  tenantId: string;
}): Promise<BackupScheduleRow | null> {
  const { tenantId } = await resolveScheduleOwner({
    actor: options.actor,
    tenantId: options.tenantId,
    containerAction: "backup.read",
    tenantAction: "tenant.read",
  });
  return db.backupSchedule.findFirst({
    where: { tenantId, containerId: null },
    select: BACKUP_SCHEDULE_SELECT,
  });
}
