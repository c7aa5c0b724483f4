import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { getBackupUsage } from "./list-backups";

/** A tenant's backup quota and what its backups use now (admins). */
export async function getBackupQuota(options: { actor: Actor; tenantId: string }) {
  authorize(options.actor, "tenant.read", { type: "tenant", id: options.tenantId });
  const t = await db.tenant.findUnique({ where: { id: options.tenantId }, select: { id: true } });
  if (!t) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const u = await getBackupUsage(t.id);
  return {
    tenantId: t.id,
    maxBackups: u.maxBackups,
    maxBackupMb: u.maxBackupMb,
    count: u.count,
    bytes: u.bytes,
  };
}
