import "server-only";
import type { Actor } from "../auth/actor";
import { authorize, getTenantScope } from "../auth/authorize";
import { getAuthorizedContainer } from "../containers/get-container";
import { db } from "../db";
import { BACKUP_SELECT, type BackupView, toBackupView } from "./backup-view";

/** Backups the actor may see, newest first: one container's, or all (admins) / their tenant's (customers). */
export async function listBackups(options: {
  actor: Actor;
  containerId?: string;
  take?: number;
}): Promise<BackupView[]> {
  authorize(options.actor, "backup.read", null);
  if (options.containerId)
    await getAuthorizedContainer({
      actor: options.actor,
      containerId: options.containerId,
      action: "backup.read",
    });
  const tenantId = getTenantScope(options.actor);
  const rows = await db.backup.findMany({
    where: {
      ...(tenantId ? { tenantId } : {}),
      ...(options.containerId ? { containerId: options.containerId } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: Math.min(options.take ?? 200, 500),
    select: BACKUP_SELECT,
  });
  return rows.map(toBackupView);
}

/** The tenant's backup usage against its quota (customers' backups and scheduled ones alike). */
export async function getBackupUsage(tenantId: string) {
  const [tenant, agg] = await Promise.all([
    db.tenant.findUnique({ where: { id: tenantId }, select: { maxBackups: true, maxBackupMb: true } }),
    db.backup.aggregate({
      where: { tenantId, status: { in: ["QUEUED", "RUNNING", "SUCCEEDED"] } },
      _count: { _all: true },
      _sum: { sizeBytes: true },
    }),
  ]);
  return {
    count: agg._count._all,
    bytes: Number(agg._sum.sizeBytes ?? 0),
    maxBackups: tenant?.maxBackups ?? null,
    maxBackupMb: tenant?.maxBackupMb ?? null,
  };
}
