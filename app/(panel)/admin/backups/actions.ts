"use server";

import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { copyBackupToRemote } from "@/lib/backups/copy-backup-to-remote";
import { createBackup } from "@/lib/backups/create-backup";
import { deleteBackup } from "@/lib/backups/delete-backup";
import { restoreBackup } from "@/lib/backups/restore-backup";
import { restoreBackupAsNew } from "@/lib/backups/restore-backup-as-new";
import { setBackupQuota } from "@/lib/backups/set-backup-quota";
import { deleteBackupRemote, setBackupRemote } from "@/lib/backups/set-backup-remote";
import { setBackupSchedule } from "@/lib/backups/set-backup-schedule";
import { testBackupRemote } from "@/lib/backups/test-backup-remote";
import { runAction } from "@/lib/errors/action-result";

// Backup actions, used by the admin container page, the customer's server page and /admin/backups. Each lib
// function authorizes on the container or backup itself (another tenant's id answers NOT_FOUND) and holds
// customers to their tenant's quota.

export async function createBackupAction(containerId: string, mode: string) {
  return runAction(async () =>
    createBackup({
      actor: await requireActor(),
      containerId: String(containerId),
      input: { mode: String(mode) },
      ip: await getRequestIp(),
    }),
  );
}

export async function restoreBackupAction(backupId: string, confirmHostname: string) {
  return runAction(async () =>
    restoreBackup({
      actor: await requireActor(),
      backupId: String(backupId),
      input: { confirmHostname: String(confirmHostname ?? "") },
      ip: await getRequestIp(),
    }),
  );
}

/** Admins only (restoreBackupAsNew refuses customers with NOT_FOUND). Empty CTID and host name: defaults. */
export async function restoreBackupAsNewAction(
  backupId: string,
  input: { nodeId: string; ctid: string; planId: string; hostname: string },
) {
  const text = (v: unknown) => String(v ?? "").trim();
  return runAction(async () =>
    restoreBackupAsNew({
      actor: await requireActor(),
      backupId: String(backupId),
      input: {
        nodeId: text(input?.nodeId),
        ctid: text(input?.ctid) === "" ? null : Number(text(input?.ctid)),
        planId: text(input?.planId) || null,
        hostname: text(input?.hostname) || null,
      },
      ip: await getRequestIp(),
    }),
  );
}

export async function deleteBackupAction(backupId: string) {
  return runAction(async () =>
    deleteBackup({ actor: await requireActor(), backupId: String(backupId), ip: await getRequestIp() }),
  );
}

export async function setBackupScheduleAction(
  containerId: string,
  input: { isEnabled: boolean; mode: string; hourUtc: number; keepDaily: number; keepWeekly: number },
) {
  return runAction(async () =>
    setBackupSchedule({
      actor: await requireActor(),
      containerId: String(containerId),
      input,
      ip: await getRequestIp(),
    }),
  );
}

/** A tenant's own daily schedule (admins; customers get NOT_FOUND). */
export async function setTenantBackupScheduleAction(
  tenantId: string,
  input: { isEnabled: boolean; mode: string; hourUtc: number; keepDaily: number; keepWeekly: number },
) {
  return runAction(async () => {
    const r = await setBackupSchedule({
      actor: await requireActor(),
      tenantId: String(tenantId),
      input,
      ip: await getRequestIp(),
    });
    return { scheduleId: r.scheduleId };
  });
}

export async function setBackupQuotaAction(
  tenantId: string,
  input: { maxBackups: number | null; maxBackupMb: number | null },
) {
  return runAction(async () =>
    setBackupQuota({
      actor: await requireActor(),
      tenantId: String(tenantId),
      input,
      ip: await getRequestIp(),
    }),
  );
}

/** Admins: the remote store new backups are copied to ("settings.manage": a customer gets NOT_FOUND). */
export async function setBackupRemoteAction(input: Record<string, unknown>) {
  return runAction(async () =>
    setBackupRemote({ actor: await requireActor(), input: input ?? {}, ip: await getRequestIp() }),
  );
}

export async function testBackupRemoteAction() {
  return runAction(async () => testBackupRemote({ actor: await requireActor() }));
}

export async function deleteBackupRemoteAction() {
  return runAction(async () => deleteBackupRemote({ actor: await requireActor(), ip: await getRequestIp() }));
}

export async function copyBackupToRemoteAction(backupId: string) {
  return runAction(async () =>
    copyBackupToRemote({ actor: await requireActor(), backupId: String(backupId), ip: await getRequestIp() }),
  );
}
