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
