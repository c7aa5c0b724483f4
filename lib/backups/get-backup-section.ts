import "server-only";
import type { Actor } from "../auth/actor";
import { getAuthorizedContainer } from "../containers/get-container";
import { getBackupUsage, listBackups } from "./list-backups";
import { getBackupSchedule } from "./set-backup-schedule";

/** What a container page's Backups section shows: its backups, its schedule and the tenant's quota use. */
export async function getBackupSection(options: { actor: Actor; containerId: string }) {
  const c = await getAuthorizedContainer({ ...options, action: "backup.read" });
  const [backups, schedule, usage] = await Promise.all([
    listBackups({ actor: options.actor, containerId: c.id, take: 50 }),
    getBackupSchedule(options),
    getBackupUsage(c.tenantId),
  ]);
  return {
    backups: backups.map((b) => ({
      id: b.id,
      createdAt: b.createdAt.toISOString(),
      mode: b.mode,
      status: b.status,
      isScheduled: b.isScheduled,
      sizeBytes: b.sizeBytes,
      durationMs: b.durationMs,
      downtimeMs: b.downtimeMs,
      error: b.error,
      isCopiedToRemote: b.remoteCopiedAt !== null,
    })),
    schedule: schedule
      ? {
          isOwn: schedule.containerId === c.id,
          isEnabled: schedule.isEnabled,
          mode: schedule.mode,
          hourUtc: schedule.hourUtc,
          keepDaily: schedule.keepDaily,
          keepWeekly: schedule.keepWeekly,
        }
      : null,
    usage,
  };
}
