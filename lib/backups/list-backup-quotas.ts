import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/** Every tenant's backup quota (admins), for /admin/backups. */
export async function listBackupQuotas(options: { actor: Actor }) {
  authorize(options.actor, "tenant.read", null);
  return db.tenant.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, maxBackups: true, maxBackupMb: true },
  });
}
