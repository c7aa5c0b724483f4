import "server-only";
import type { Actor } from "../auth/actor";
import { getAuthorizedContainer } from "../containers/get-container";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedBackup } from "./get-backup";
import { restoreBackupInputSchema } from "./schemas";

/**
 * Queues the restore of a backup over its container (task backup.restore): the container's files and config
 * become the backup's. Typed confirmation with the container's host name, as for reinstall. If the container
 * now lives on another node than the backup, the task ships the archive there first.
 */
export async function restoreBackup(options: {
  actor: Actor;
  backupId: string;
  input: unknown;
  ip?: string;
}) {
  const b = await getAuthorizedBackup({
    actor: options.actor,
    backupId: options.backupId,
    action: "backup.restore",
  });
  const { confirmHostname } = parseInput(restoreBackupInputSchema, options.input ?? {});
  if (b.status !== "SUCCEEDED" || !b.archive)
    throw new AppError("CONFLICT", "Only a finished backup can be restored.");
  if (!b.containerId)
    throw new AppError(
      "CONFLICT",
      "The container of this backup no longer exists. Restore it as a new container instead (admins: Backups page, or POST /api/v1/backups/{id}/restore-as-new; customers: ask your provider).",
    );
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: b.containerId,
    action: "backup.restore",
  });
  if (confirmHostname.trim().toLowerCase() !== c.hostname)
    throw new AppError(
      "VALIDATION",
      `Type the container's host name (${c.hostname}) to confirm: restoring replaces its files with the backup's.`,
      { field: "confirmHostname" },
    );
  const task = await enqueueTask({
    actor: options.actor,
    type: "backup.restore",
    containerId: c.id,
    nodeId: c.nodeId,
    tenantId: c.tenantId,
    ip: options.ip,
    input: { backupId: b.id, archive: b.archive },
  });
  return { taskId: task.id };
}
