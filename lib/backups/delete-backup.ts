import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { getAgentEndpoint } from "../tasks/run-agent-command";
import { getBackupRemote, requestRemoteObject } from "./backup-remote";
import { getAuthorizedBackup } from "./get-backup";
import { runQuickAgentCommand } from "./node-commands";

/**
 * Deletes a backup: its copy in the remote store, its archive on the node, then the row. A running backup
 * cannot be deleted.
 */
export async function deleteBackup(options: { actor: Actor; backupId: string; ip?: string }) {
  const b = await getAuthorizedBackup({
    actor: options.actor,
    backupId: options.backupId,
    action: "backup.delete",
  });
  if (b.status === "QUEUED" || b.status === "RUNNING")
    throw new AppError("CONFLICT", "This backup is still being made; delete it once it has finished.");
  // The copy in the remote store first: a refused delete there leaves everything as it was, to try again.
  if (b.remoteKey) {
    const remote = await getBackupRemote();
    if (remote) {
      const answer = await requestRemoteObject(remote, "DELETE", b.remoteKey).catch((err: unknown) => ({
        error: (err as Error).message,
      }));
      if (answer.error)
        throw new AppError(
          "UNAVAILABLE",
          `The remote store did not delete this backup's copy (${remote.bucket}/${b.remoteKey}): ${answer.error}. Nothing was deleted; try again, or check the store on the Backups page.`,
        );
    }
  }
  if (b.archive) {
    const node = await getAgentEndpoint(b.nodeId);
    await runQuickAgentCommand(node, { type: "backup.delete", archive: b.archive });
  }
  await db.$transaction(async (tx) => {
    await tx.backup.delete({ where: { id: b.id }, select: { id: true } });
    await recordAuditEvent({
      tx,
      actor: options.actor,
      action: "backup.delete",
      result: "success",
      targetType: "backup",
      targetId: b.id,
      tenantId: b.tenantId,
      ip: options.ip,
      details: { archive: b.archive, hostname: b.hostname },
    });
  });
  return { backupId: b.id };
}
