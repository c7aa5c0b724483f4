import "server-only";
import { z } from "zod";
import { type BackupMode, backupModeSchema } from "@/agent/protocol";
import type { BackupView } from "../../backups/backup-view";
import { copyBackupToRemote } from "../../backups/copy-backup-to-remote";
import { createBackup } from "../../backups/create-backup";
import { deleteBackup } from "../../backups/delete-backup";
import { deleteBackupSchedule } from "../../backups/delete-backup-schedule";
import { getBackup } from "../../backups/get-backup";
import { getBackupQuota } from "../../backups/get-backup-quota";
import { type BackupRemoteSettings, getBackupRemoteSettings } from "../../backups/get-backup-remote-settings";
import { getTenantBackupSchedule } from "../../backups/get-tenant-backup-schedule";
import { listBackups } from "../../backups/list-backups";
import { restoreBackup } from "../../backups/restore-backup";
import { restoreBackupAsNew } from "../../backups/restore-backup-as-new";
import type { BackupScheduleRow } from "../../backups/schedule-owner";
import {
  backupQuotaInputSchema,
  backupRemoteInputSchema,
  backupScheduleInputSchema,
  createBackupInputSchema,
  restoreBackupAsNewInputSchema,
  restoreBackupInputSchema,
} from "../../backups/schemas";
import { setBackupQuota } from "../../backups/set-backup-quota";
import { deleteBackupRemote, setBackupRemote } from "../../backups/set-backup-remote";
import { getBackupSchedule, setBackupSchedule } from "../../backups/set-backup-schedule";
import { testBackupRemote } from "../../backups/test-backup-remote";
import { AppError } from "../../errors/app-error";
import { defineApiRoute } from "../define-api-route";

const tag = "Backups";
const backupParams = z.object({ backupId: z.string().min(1).max(64) });
const containerParams = z.object({ containerId: z.string().min(1).max(64) });

const backupView = z
  .object({
    id: z.string(),
    containerId: z.string().nullable().describe("null once the container was destroyed"),
    nodeId: z.string(),
    ctid: z.int(),
    hostname: z.string(),
    mode: backupModeSchema,
    status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]),
    isScheduled: z.boolean(),
    archive: z
      .string()
      .nullable()
      .describe("The archive's file name on its node (vzdump-<CTID>-<time>.tar.zst)"),
    sizeBytes: z.number().nullable(),
    durationMs: z.int().nullable(),
    downtimeMs: z.int().nullable().describe("How long the container was stopped or frozen"),
    sha256: z.string().nullable().describe("sha256 of the archive's payload, as its manifest records it"),
    error: z.string().nullable(),
    taskId: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    remoteCopiedAt: z
      .string()
      .nullable()
      .describe("When the copy in the admin's remote store (S3-compatible) was made; null: there is none"),
  })
  .meta({ id: "Backup" });

function toView(b: BackupView): z.infer<typeof backupView> {
  return {
    id: b.id,
    containerId: b.containerId,
    nodeId: b.nodeId,
    ctid: b.ctid,
    hostname: b.hostname,
    mode: backupModeSchema.safeParse(b.mode).success ? (b.mode as BackupMode) : "stop",
    status: b.status as z.infer<typeof backupView>["status"],
    isScheduled: b.isScheduled,
    archive: b.archive,
    sizeBytes: b.sizeBytes,
    durationMs: b.durationMs,
    downtimeMs: b.downtimeMs,
    sha256: b.sha256,
    error: b.error,
    taskId: b.taskId,
    createdAt: b.createdAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
    remoteCopiedAt: b.remoteCopiedAt?.toISOString() ?? null,
  };
}

const queued = z.object({ backupId: z.string(), taskId: z.string() }).meta({ id: "QueuedBackup" });

export const listBackupsRoute = defineApiRoute({
  method: "GET",
  path: "/backups",
  operationId: "listBackups",
  action: "backup.read",
  summary: "List backups, newest first",
  description: "A customer sees their own tenant's backups.",
  tag,
  response: z.object({ data: z.array(backupView) }),
  handler: async ({ actor }) => ({ data: (await listBackups({ actor })).map(toView) }),
});

export const listContainerBackupsRoute = defineApiRoute({
  method: "GET",
  path: "/containers/{containerId}/backups",
  operationId: "listContainerBackups",
  action: "backup.read",
  summary: "List a container's backups, newest first",
  tag,
  params: containerParams,
  response: z.object({ data: z.array(backupView) }),
  handler: async ({ actor, params }) => ({
    data: (await listBackups({ actor, containerId: params.containerId })).map(toView),
  }),
});

export const createBackupRoute = defineApiRoute({
  method: "POST",
  path: "/containers/{containerId}/backups",
  operationId: "createBackup",
  action: "backup.create",
  summary: "Back a container up (vzdump): queues a task",
  description:
    "Modes: stop (stopped while archived), suspend (frozen for the final copy: consistent, short downtime), snapshot (two copies while running, no downtime). Customers are held to their tenant's backup quota (409).",
  tag,
  params: containerParams,
  body: createBackupInputSchema,
  response: queued,
  status: 202,
  idempotent: true,
  handler: ({ actor, params, body, ip }) =>
    createBackup({ actor, containerId: params.containerId, input: body, ip }),
});

export const getBackupRoute = defineApiRoute({
  method: "GET",
  path: "/backups/{backupId}",
  operationId: "getBackup",
  action: "backup.read",
  summary: "One backup",
  tag,
  params: backupParams,
  response: backupView,
  handler: async ({ actor, params }) => toView(await getBackup({ actor, backupId: params.backupId })),
});

export const restoreBackupRoute = defineApiRoute({
  method: "POST",
  path: "/backups/{backupId}/restore",
  operationId: "restoreBackup",
  action: "backup.restore",
  summary: "Restore a backup over its container (vzrestore): queues a task",
  description:
    "The container's files and config become the backup's. confirmHostname must be the container's host name.",
  tag,
  params: backupParams,
  body: restoreBackupInputSchema,
  response: z.object({ taskId: z.string() }).meta({ id: "QueuedRestore" }),
  status: 202,
  idempotent: true,
  handler: ({ actor, params, body, ip }) =>
    restoreBackup({ actor, backupId: params.backupId, input: body, ip }),
});

export const deleteBackupRoute = defineApiRoute({
  method: "DELETE",
  path: "/backups/{backupId}",
  operationId: "deleteBackup",
  action: "backup.delete",
  summary: "Delete a backup and its archive on the node",
  tag,
  params: backupParams,
  response: z.object({ backupId: z.string() }),
  handler: ({ actor, params, ip }) => deleteBackup({ actor, backupId: params.backupId, ip }),
});

export const restoreBackupAsNewRoute = defineApiRoute({
  method: "POST",
  path: "/backups/{backupId}/restore-as-new",
  operationId: "restoreBackupAsNew",
  action: "backup.restore-new",
  summary: "Restore a backup as a new container (admins): queues a task",
  description:
    "Also for a backup whose container was destroyed. The new container belongs to the backup's tenant, gets a CTID free on the node (the next one unless ctid is given), an address from a pool the node serves and the backup's host name unless hostname is given. A failed task removes it again.",
  tag,
  params: backupParams,
  body: restoreBackupAsNewInputSchema,
  response: z
    .object({
      taskId: z.string(),
      containerId: z.string().describe("The new container (status CREATING until the task finishes)"),
      ctid: z.int(),
      nodeId: z.string(),
      nodeName: z.string(),
      addresses: z.array(z.string()),
    })
    .meta({ id: "QueuedRestoreAsNew" }),
  status: 202,
  idempotent: true,
  handler: ({ actor, params, body, ip }) =>
    restoreBackupAsNew({ actor, backupId: params.backupId, input: body, ip }),
});

const scheduleView = z
  .object({
    scope: z
      .enum(["container", "tenant"])
      .describe("container: the container's own schedule; tenant: its tenant's, which it follows"),
    isEnabled: z.boolean(),
    mode: backupModeSchema,
    hourUtc: z.int().describe("The hour (UTC) the daily backup is queued"),
    keepDaily: z.int(),
    keepWeekly: z.int(),
    lastRunAt: z.string().nullable().describe("When the scheduler last queued this schedule's backups"),
  })
  .meta({ id: "BackupSchedule" });
const scheduleAnswer = z.object({ schedule: scheduleView.nullable() }).meta({ id: "BackupScheduleAnswer" });

function toScheduleView(s: BackupScheduleRow | null): z.infer<typeof scheduleAnswer> {
  if (!s) return { schedule: null };
  return {
    schedule: {
      scope: s.containerId ? "container" : "tenant",
      isEnabled: s.isEnabled,
      mode: backupModeSchema.safeParse(s.mode).success ? (s.mode as BackupMode) : "snapshot",
      hourUtc: s.hourUtc,
      keepDaily: s.keepDaily,
      keepWeekly: s.keepWeekly,
      lastRunAt: s.lastRunAt?.toISOString() ?? null,
    },
  };
}
const tenantParams = z.object({ tenantId: z.string().min(1).max(64) });
const deletedSchedule = z.object({ isDeleted: z.boolean() }).meta({ id: "DeletedBackupSchedule" });

export const getContainerBackupScheduleRoute = defineApiRoute({
  method: "GET",
  path: "/containers/{containerId}/backup-schedule",
  operationId: "getContainerBackupSchedule",
  action: "backup.read",
  summary: "The daily backup schedule a container follows: its own, else its tenant's (null: none)",
  tag,
  params: containerParams,
  response: scheduleAnswer,
  handler: async ({ actor, params }) =>
    toScheduleView(await getBackupSchedule({ actor, containerId: params.containerId })),
});

export const setContainerBackupScheduleRoute = defineApiRoute({
  method: "PUT",
  path: "/containers/{containerId}/backup-schedule",
  operationId: "setContainerBackupSchedule",
  action: "backup.schedule",
  summary: "Set a container's own daily backup schedule and retention",
  description:
    "The backup is queued at hourUtc each day; scheduled backups beyond the newest keepDaily (one per day) and keepWeekly (one per ISO week) are deleted. isEnabled false keeps the schedule but stops it (and overrides the tenant's).",
  tag,
  params: containerParams,
  body: backupScheduleInputSchema,
  response: scheduleAnswer,
  handler: async ({ actor, params, body, ip }) =>
    toScheduleView(
      (await setBackupSchedule({ actor, containerId: params.containerId, input: body, ip })).schedule,
    ),
});

export const deleteContainerBackupScheduleRoute = defineApiRoute({
  method: "DELETE",
  path: "/containers/{containerId}/backup-schedule",
  operationId: "deleteContainerBackupSchedule",
  action: "backup.schedule",
  summary: "Remove a container's own schedule (it then follows its tenant's, if any)",
  tag,
  params: containerParams,
  response: deletedSchedule,
  handler: ({ actor, params, ip }) => deleteBackupSchedule({ actor, containerId: params.containerId, ip }),
});

export const getTenantBackupScheduleRoute = defineApiRoute({
  method: "GET",
  path: "/tenants/{tenantId}/backup-schedule",
  operationId: "getTenantBackupSchedule",
  action: "tenant.read",
  summary: "A tenant's daily backup schedule, for every container without its own (null: none)",
  tag,
  params: tenantParams,
  response: scheduleAnswer,
  handler: async ({ actor, params }) =>
    toScheduleView(await getTenantBackupSchedule({ actor, tenantId: params.tenantId })),
});

export const setTenantBackupScheduleRoute = defineApiRoute({
  method: "PUT",
  path: "/tenants/{tenantId}/backup-schedule",
  operationId: "setTenantBackupSchedule",
  action: "tenant.manage",
  summary: "Set a tenant's daily backup schedule and retention",
  description:
    "Every container of the tenant without a schedule of its own is backed up at hourUtc each day.",
  tag,
  params: tenantParams,
  body: backupScheduleInputSchema,
  response: scheduleAnswer,
  handler: async ({ actor, params, body, ip }) =>
    toScheduleView((await setBackupSchedule({ actor, tenantId: params.tenantId, input: body, ip })).schedule),
});

export const deleteTenantBackupScheduleRoute = defineApiRoute({
  method: "DELETE",
  path: "/tenants/{tenantId}/backup-schedule",
  operationId: "deleteTenantBackupSchedule",
  action: "tenant.manage",
  summary: "Remove a tenant's daily backup schedule (containers' own schedules stay)",
  tag,
  params: tenantParams,
  response: deletedSchedule,
  handler: ({ actor, params, ip }) => deleteBackupSchedule({ actor, tenantId: params.tenantId, ip }),
});

const quotaView = z
  .object({
    tenantId: z.string(),
    maxBackups: z.int().nullable().describe("How many backups the tenant may keep; null: no cap"),
    maxBackupMb: z.int().nullable().describe("How many MB of archives; null: no cap"),
    count: z.int().describe("Backups kept now (queued, running and finished)"),
    bytes: z.number().describe("Their archives' size in bytes"),
  })
  .meta({ id: "BackupQuota" });

export const getTenantBackupQuotaRoute = defineApiRoute({
  method: "GET",
  path: "/tenants/{tenantId}/backup-quota",
  operationId: "getTenantBackupQuota",
  action: "tenant.read",
  summary: "A tenant's backup quota and its use",
  tag,
  params: tenantParams,
  response: quotaView,
  handler: ({ actor, params }) => getBackupQuota({ actor, tenantId: params.tenantId }),
});

export const setTenantBackupQuotaRoute = defineApiRoute({
  method: "PUT",
  path: "/tenants/{tenantId}/backup-quota",
  operationId: "setTenantBackupQuota",
  action: "tenant.manage",
  summary: "Set a tenant's backup quota (customers' backups are held to it; admins' and scheduled are not)",
  tag,
  params: tenantParams,
  body: backupQuotaInputSchema,
  response: quotaView,
  handler: async ({ actor, params, body, ip }) => {
    await setBackupQuota({ actor, tenantId: params.tenantId, input: body, ip });
    return getBackupQuota({ actor, tenantId: params.tenantId });
  },
});

const remoteView = z
  .object({
    isEnabled: z.boolean().describe("New backups are copied to the store"),
    endpoint: z.string(),
    region: z.string(),
    bucket: z.string(),
    prefix: z.string(),
    accessKeyId: z.string(),
    hasSecretKey: z.boolean().describe("The secret key is saved (it is never given back)"),
    updatedAt: z.string(),
  })
  .meta({ id: "BackupRemote" });

function toRemoteView(r: BackupRemoteSettings): z.infer<typeof remoteView> {
  return { ...r, updatedAt: r.updatedAt.toISOString() };
}

async function remoteOrNotFound(actor: Parameters<typeof getBackupRemoteSettings>[0]["actor"]) {
  const r = await getBackupRemoteSettings({ actor });
  if (!r) throw new AppError("NOT_FOUND", "No remote store is set up.");
  return toRemoteView(r);
}

export const getBackupRemoteRoute = defineApiRoute({
  method: "GET",
  path: "/backup-remote",
  operationId: "getBackupRemote",
  action: "settings.manage",
  summary: "The remote store (S3-compatible) new backups are copied to; 404 when none is set up",
  tag,
  response: remoteView,
  handler: ({ actor }) => remoteOrNotFound(actor),
});

export const setBackupRemoteRoute = defineApiRoute({
  method: "PUT",
  path: "/backup-remote",
  operationId: "setBackupRemote",
  action: "settings.manage",
  summary: "Set up or change the remote store; nodes get presigned URLs, never its keys",
  tag,
  body: backupRemoteInputSchema,
  response: remoteView,
  handler: async ({ actor, body, ip }) => {
    await setBackupRemote({ actor, input: body, ip });
    return remoteOrNotFound(actor);
  },
});

export const deleteBackupRemoteRoute = defineApiRoute({
  method: "DELETE",
  path: "/backup-remote",
  operationId: "deleteBackupRemote",
  action: "settings.manage",
  summary: "Forget the remote store and its keys (the copies in it stay there)",
  tag,
  response: z.object({ removed: z.boolean() }),
  handler: ({ actor, ip }) => deleteBackupRemote({ actor, ip }),
});

export const testBackupRemoteRoute = defineApiRoute({
  method: "POST",
  path: "/backup-remote/test",
  operationId: "testBackupRemote",
  action: "settings.manage",
  summary: "Write, read back and delete a small object in the store, with the saved settings",
  tag,
  response: z.object({ endpoint: z.string(), bucket: z.string(), key: z.string() }),
  handler: ({ actor }) => testBackupRemote({ actor }),
});

export const copyBackupToRemoteRoute = defineApiRoute({
  method: "POST",
  path: "/backups/{backupId}/copy-to-remote",
  operationId: "copyBackupToRemote",
  action: "settings.manage",
  summary:
    "Copy a finished backup to the remote store (one made before the store was set up, or refused then)",
  tag,
  params: backupParams,
  response: queued,
  status: 202,
  handler: ({ actor, params, ip }) => copyBackupToRemote({ actor, backupId: params.backupId, ip }),
});
