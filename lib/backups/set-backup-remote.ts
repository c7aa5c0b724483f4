import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { sealSecret } from "../auth/secret-box";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { backupRemoteInputSchema } from "./schemas";

/**
 * Sets up (or changes) the remote store new backups are copied to. The secret key is sealed at rest and never
 * shown again; an empty one keeps the key saved before. Backups made before keep their copies where they are.
 */
export async function setBackupRemote(options: { actor: Actor; input: unknown; ip?: string }) {
  authorize(options.actor, "settings.manage", null);
  const input = parseInput(backupRemoteInputSchema, options.input ?? {});
  const existing = await db.backupRemote.findUnique({ where: { id: "default" }, select: { id: true } });
  if (!existing && input.secretAccessKey === "")
    throw new AppError("VALIDATION", "Give the secret key: the store has none saved yet.", {
      field: "secretAccessKey",
    });
  const { secretAccessKey, ...settings } = input;
  const secret = secretAccessKey === "" ? {} : { secretKeySealed: sealSecret(secretAccessKey) };
  await db.backupRemote.upsert({
    where: { id: "default" },
    create: { id: "default", ...settings, secretKeySealed: sealSecret(secretAccessKey) },
    update: { ...settings, ...secret },
    select: { id: true },
  });
  await auditRemoteChange(options, { ...settings, isSecretChanged: secretAccessKey !== "" });
  return { ...settings };
}

/** Forgets the remote store and its credentials; the copies already in it stay there. */
export async function deleteBackupRemote(options: { actor: Actor; ip?: string }) {
  authorize(options.actor, "settings.manage", null);
  const removed = await db.backupRemote.deleteMany({ where: { id: "default" } });
  if (removed.count === 0) throw new AppError("NOT_FOUND", "No remote store is set up.");
  await auditRemoteChange(options, { removed: true });
  return { removed: true };
}

function auditRemoteChange(options: { actor: Actor; ip?: string }, details: Record<string, unknown>) {
  return recordAuditEvent({
    actor: options.actor,
    action: "backup.remote",
    result: "success",
    targetType: "settings",
    targetId: "backup-remote",
    ip: options.ip,
    details,
  });
}
