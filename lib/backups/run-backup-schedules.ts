import "server-only";
import { SYSTEM_ACTOR } from "../auth/actor";
import { db } from "../db";
import { isAppError } from "../errors/app-error";
import { createBackup } from "./create-backup";
import { deleteBackup } from "./delete-backup";
import { selectBackupsToPrune } from "./retention";

/** The time today's run of a schedule is due (UTC). */
function dueAt(now: Date, hourUtc: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
}

/**
 * One pass of the scheduler (lib/background.ts runs it every minute): queues today's backups of due
 * schedules (a container's own schedule wins over its tenant's), then prunes scheduled backups beyond
 * retention. A container busy with another task is tried again at the next pass. Returns what it did.
 */
export async function runBackupSchedules(now: Date = new Date()) {
  const schedules = await db.backupSchedule.findMany({
    where: { isEnabled: true },
    select: { id: true, tenantId: true, containerId: true, mode: true, hourUtc: true, lastRunAt: true },
  });
  const own = new Set(schedules.filter((s) => s.containerId).map((s) => s.containerId));
  const queued: string[] = [];
  for (const s of schedules) {
    const due = dueAt(now, s.hourUtc);
    if (now < due || (s.lastRunAt && s.lastRunAt >= due)) continue;
    const containers = await db.container.findMany({
      where: s.containerId
        ? { id: s.containerId }
        : { tenantId: s.tenantId, status: { in: ["RUNNING", "STOPPED"] } },
      select: { id: true },
    });
    let isDone = true;
    for (const c of containers) {
      if (!s.containerId && own.has(c.id)) continue;
      const already = await db.backup.findFirst({
        where: { containerId: c.id, isScheduled: true, createdAt: { gte: due } },
        select: { id: true },
      });
      if (already) continue;
      try {
        const r = await createBackup({
          actor: SYSTEM_ACTOR,
          containerId: c.id,
          input: { mode: s.mode },
          isScheduled: true,
        });
        queued.push(r.backupId);
      } catch (err) {
        if (isAppError(err) && err.code === "CONFLICT") isDone = false;
        else console.error("scheduled backup failed to queue", err);
      }
    }
    if (isDone)
      await db.backupSchedule.update({ where: { id: s.id }, data: { lastRunAt: now }, select: { id: true } });
  }
  const pruned = await pruneScheduledBackups(schedules.map((s) => s.id));
  return { queued, pruned };
}

/** Deletes scheduled backups each container's schedule no longer keeps. */
export async function pruneScheduledBackups(scheduleIds: string[]): Promise<string[]> {
  const schedules = await db.backupSchedule.findMany({
    where: { id: { in: scheduleIds } },
    select: { tenantId: true, containerId: true, keepDaily: true, keepWeekly: true },
  });
  const byContainer = new Map<string, { keepDaily: number; keepWeekly: number }>();
  for (const s of schedules.filter((x) => !x.containerId)) {
    const cs = await db.container.findMany({ where: { tenantId: s.tenantId }, select: { id: true } });
    for (const c of cs) byContainer.set(c.id, s);
  }
  for (const s of schedules) if (s.containerId) byContainer.set(s.containerId, s);
  const pruned: string[] = [];
  for (const [containerId, policy] of byContainer) {
    const backups = await db.backup.findMany({
      where: { containerId, isScheduled: true, status: "SUCCEEDED" },
      select: { id: true, createdAt: true },
    });
    for (const id of selectBackupsToPrune(backups, policy)) {
      try {
        await deleteBackup({ actor: SYSTEM_ACTOR, backupId: id });
        pruned.push(id);
      } catch (err) {
        console.error("pruning a scheduled backup failed", err);
      }
    }
  }
  return pruned;
}

let timer: NodeJS.Timeout | null = null;

/** Started by lib/background.ts: a pass every minute, never two at once. */
export function startBackupScheduler(intervalMs = 60_000): void {
  if (timer) return;
  let isRunning = false;
  timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    runBackupSchedules()
      .catch((err) => console.error("backup scheduler", err))
      .finally(() => {
        isRunning = false;
      });
  }, intervalMs);
  timer.unref();
}
