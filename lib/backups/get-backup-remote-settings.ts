import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/** The remote store as the admin's form shows it: everything but the secret key, and whether one is saved. */
export async function getBackupRemoteSettings(options: { actor: Actor }) {
  authorize(options.actor, "settings.manage", null);
  const row = await db.backupRemote.findUnique({ where: { id: "default" } });
  if (!row) return null;
  return {
    isEnabled: row.isEnabled,
    endpoint: row.endpoint,
    region: row.region,
    bucket: row.bucket,
    prefix: row.prefix,
    accessKeyId: row.accessKeyId,
    hasSecretKey: row.secretKeySealed !== "",
    updatedAt: row.updatedAt,
  };
}

export type BackupRemoteSettings = NonNullable<Awaited<ReturnType<typeof getBackupRemoteSettings>>>;
