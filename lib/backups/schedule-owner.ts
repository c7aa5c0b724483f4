import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { getAuthorizedContainer } from "../containers/get-container";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";

const NOT_FOUND = "Not found. Check the address, or go back to the list.";

/**
 * Whose schedule a call is about, authorized: one container's (customers within their tenant, with
 * `containerAction`), or a whole tenant's (containerId null; the provider's: customers get NOT_FOUND, as for
 * any admin-only action, and another tenant's id or a missing one alike).
 */
export async function resolveScheduleOwner(options: {
  actor: Actor;
  containerId?: string;
  tenantId?: string;
  containerAction: "backup.read" | "backup.schedule";
  tenantAction: "tenant.read" | "tenant.manage";
}): Promise<{ tenantId: string; containerId: string | null }> {
  if (options.containerId) {
    const c = await getAuthorizedContainer({
      actor: options.actor,
      containerId: options.containerId,
      action: options.containerAction,
    });
    return { tenantId: c.tenantId, containerId: c.id };
  }
  if (options.tenantId) {
    authorize(options.actor, options.tenantAction, { type: "tenant", id: options.tenantId });
    const t = await db.tenant.findUnique({ where: { id: options.tenantId }, select: { id: true } });
    if (!t) throw new AppError("NOT_FOUND", NOT_FOUND);
    return { tenantId: t.id, containerId: null };
  }
  throw new AppError("VALIDATION", "Name a container or a tenant.");
}

export const BACKUP_SCHEDULE_SELECT = {
  id: true,
  containerId: true,
  mode: true,
  hourUtc: true,
  keepDaily: true,
  keepWeekly: true,
  isEnabled: true,
  lastRunAt: true,
} as const satisfies Prisma.BackupScheduleSelect;

export type BackupScheduleRow = Prisma.BackupScheduleGetPayload<{ select: typeof BACKUP_SCHEDULE_SELECT }>;
