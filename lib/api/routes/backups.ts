import "server-only";
import { z } from "zod";
import { type BackupMode, backupModeSchema } from "@/agent/protocol";
import type { BackupView } from "../../backups/backup-view";
import { createBackup } from "../../backups/create-backup";
import { deleteBackup } from "../../backups/delete-backup";
import { getBackup } from "../../backups/get-backup";
import { listBackups } from "../../backups/list-backups";
import { restoreBackup } from "../../backups/restore-backup";
import { createBackupInputSchema, restoreBackupInputSchema } from "../../backups/schemas";
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
