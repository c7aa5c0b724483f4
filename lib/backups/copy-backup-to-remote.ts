import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { enqueueTask } from "../tasks/enqueue-task";
import { getEnabledBackupRemote } from "./backup-remote";

/**
 * Queues the copy of an existing backup to the remote store (task backup.copy): one made before the store
 * was set up, or whose upload the store refused. Admins only; the container is not locked (its node only
 * reads the archive).
 */
export async function copyBackupToRemote(options: { actor: Actor; backupId: string; ip?: string }) {
  authorize(options.actor, "settings.manage", null);
  const b = await db.backup.findUnique({
    where: { id: options.backupId },
    select: { id: true, nodeId: true, tenantId: true, status: true, archive: true, remoteCopiedAt: true },
  });
  if (!b) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  if (b.status !== "SUCCEEDED" || !b.archive)
    throw new AppError("CONFLICT", "Only a finished backup can be copied; wait for it, or make a new one.");
  if (b.remoteCopiedAt) throw new AppError("CONFLICT", "This backup is already in the remote store.");
  if (await isBeingCopied(b.id))
    throw new AppError(
      "CONFLICT",
      "This backup is being copied to the remote store now; its Remote copy column shows when it is there.",
    );
  if (!(await getEnabledBackupRemote()))
    throw new AppError(
      "CONFLICT",
      "Set up the remote store first, with copying switched on (Backups → Remote store).",
    );
  const task = await enqueueTask({
    actor: options.actor,
    type: "backup.copy",
    nodeId: b.nodeId,
    tenantId: b.tenantId,
    ip: options.ip,
    input: { backupId: b.id },
  });
  return { backupId: b.id, taskId: task.id };
}

/** backup.copy tasks not over yet: queued or running. */
async function activeCopyTasks(backupId?: string) {
  return db.task.findMany({
    where: {
      type: "backup.copy",
      status: { in: ["QUEUED", "RUNNING"] },
      ...(backupId ? { input: { contains: `"backupId":${JSON.stringify(backupId)}` } } : {}),
    },
    select: { input: true },
  });
}

async function isBeingCopied(backupId: string): Promise<boolean> {
  return (await activeCopyTasks(backupId)).length > 0;
}

/** The ids of the backups a copy task is copying to the remote store now (the Backups page shows them). */
export async function listBackupsBeingCopied(options: { actor: Actor }): Promise<Set<string>> {
  authorize(options.actor, "settings.manage", null);
  const tasks = await activeCopyTasks();
  return new Set(tasks.map((t) => String((JSON.parse(t.input) as { backupId?: unknown }).backupId ?? "")));
}
