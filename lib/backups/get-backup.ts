import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import type { Action } from "../auth/permissions";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { BACKUP_SELECT, type BackupView, toBackupView } from "./backup-view";

const NOT_FOUND = "Not found. Check the address, or go back to the list.";

/** One backup, authorized on the backup itself: another tenant's id answers exactly like a missing one. */
export async function getAuthorizedBackup(options: {
  actor: Actor;
  backupId: string;
  action: Action;
}): Promise<BackupView> {
  const row = await db.backup.findUnique({ where: { id: options.backupId }, select: BACKUP_SELECT });
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  authorize(options.actor, options.action, { type: "backup", id: row.id, tenantId: row.tenantId });
  return toBackupView(row);
}

export async function getBackup(options: { actor: Actor; backupId: string }): Promise<BackupView> {
  return getAuthorizedBackup({ ...options, action: "backup.read" });
}
