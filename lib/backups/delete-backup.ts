import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { getAgentEndpoint } from "../tasks/run-agent-command";
import { getAuthorizedBackup } from "./get-backup";
import { runQuickAgentCommand } from "./node-commands";

/** Deletes a backup: its archive on the node first, then the row. A running backup cannot be deleted. */
export async function deleteBackup(options: { actor: Actor; backupId: string; ip?: string }) {
  const b = await getAuthorizedBackup({
    actor: options.actor,
    backupId: options.backupId,
    action: "backup.delete",
  });
  if (b.status === "QUEUED" || b.status === "RUNNING")
    throw new AppError("CONFLICT", "This backup is still being made; delete it once it has finished.");
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
