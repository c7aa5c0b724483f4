import "server-only";
import { backupInfoSchema, backupPushResultSchema, type Command } from "@/agent/protocol";
import {
  abortMultipartUpload,
  type BackupRemote,
  completeMultipartUpload,
  getEnabledBackupRemote,
  presignRemoteObject,
  remoteObjectKey,
  remotePartBytes,
  startMultipartUpload,
} from "../../backups/backup-remote";
import { db } from "../../db";
import { AppError, getPublicMessage } from "../../errors/app-error";
import type { AgentEndpoint } from "../../nodes/agent-client";
import { rememberInTask } from "../remember-in-task";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import type { TaskContext } from "../task-context";
import { loadTaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

/**
 * backup.create: vzdump on the container's node; the Backup row gets the archive's name, size and times. With a
 * remote store set up, the node then uploads the archive there through a presigned URL (copyToRemote).
 */
export const createBackupTask: TaskHandler = async (ctx) => {
  const backupId = String(ctx.task.input.backupId ?? "");
  const backup = await db.backup.findUnique({ where: { id: backupId }, select: { id: true, mode: true } });
  if (!backup) throw new AppError("NOT_FOUND", "The backup of this task no longer exists.");
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  await db.backup.update({
    where: { id: backup.id },
    data: { status: "RUNNING", nodeId: c.nodeId },
    select: { id: true },
  });
  const mode = backup.mode === "stop" || backup.mode === "suspend" ? backup.mode : "snapshot";
  const remote = await getEnabledBackupRemote();
  const op = await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    { type: "container.backup", ctid: c.ctid, mode },
    { from: 5, to: remote ? 80 : 99, phase: "Backing up" },
  );
  const info = backupInfoSchema.safeParse(op.result);
  if (!info.success)
    throw new AppError("UNAVAILABLE", `${node.name} answered the backup with an unexpected result.`);
  const m = info.data.manifest;
  await db.backup.update({
    where: { id: backup.id },
    data: {
      status: "SUCCEEDED",
      archive: info.data.archive,
      sizeBytes: BigInt(info.data.size),
      durationMs: m.durationMs,
      downtimeMs: m.downtimeMs,
      sha256: m.payload.sha256,
      finishedAt: new Date(),
    },
    select: { id: true },
  });
  await ctx.log(
    `Backup ${info.data.archive}: ${info.data.size} bytes in ${(m.durationMs / 1000).toFixed(1)} s, ${
      m.frozenMs !== null ? `frozen ${m.frozenMs} ms` : `downtime ${m.downtimeMs} ms`
    }`,
  );
  const copy = remote
    ? await copyToRemote(ctx, node, remote, {
        id: backup.id,
        archive: info.data.archive,
        size: info.data.size,
      })
    : null;
  return {
    backupId: backup.id,
    archive: info.data.archive,
    size: info.data.size,
    downtimeMs: m.downtimeMs,
    ...(copy ? { remoteKey: copy } : {}),
  };
};

/**
 * After a backup, its copy to the remote store. The backup itself is made and kept on the node whatever
 * happens here: a refused upload is written on the backup (remoteError) and in the log as a warning, the
 * task still succeeds, and the admin can copy it again from the Backups page (backup.copy).
 */
async function copyToRemote(
  ctx: TaskContext,
  node: AgentEndpoint,
  remote: BackupRemote,
  backup: { id: string; archive: string; size: number },
): Promise<string | null> {
  try {
    return await pushToRemote(ctx, node, remote, backup, { step: 2, from: 80 });
  } catch (err) {
    const why = getPublicMessage(err).slice(0, 1000);
    await db.backup.update({ where: { id: backup.id }, data: { remoteError: why }, select: { id: true } });
    await ctx.log(
      `The backup is on ${node.name}, but its copy to the remote store failed: ${why}. Check the store on the Backups page, then copy the backup there from that page.`,
      "warn",
    );
    return null;
  }
}

/**
 * The node uploads an archive to the remote store (backup.push) and the backup records where: one presigned
 * PUT, or, above remotePartBytes(), a multipart upload the panel starts and completes with the parts' ETags
 * the node reports. The URLs' signing time and the upload id are kept in the task, so a restarted panel sends
 * the very same command again (the agent answers it from its journal).
 */
async function pushToRemote(
  ctx: TaskContext,
  node: AgentEndpoint,
  remote: BackupRemote,
  backup: { id: string; archive: string; size: number },
  at: { step: number; from: number },
): Promise<string> {
  const key = remoteObjectKey(remote, backup);
  let signedAt = ctx.task.input.remoteSignedAt;
  if (typeof signedAt !== "number") {
    signedAt = Date.now();
    await rememberInTask(ctx, "remoteSignedAt", signedAt);
  }
  const signed = new Date(signedAt as number);
  const partBytes = remotePartBytes();
  let uploadId: string | null = null;
  let command: Command;
  if (backup.size <= partBytes) {
    command = {
      type: "backup.push",
      archive: backup.archive,
      url: presignRemoteObject(remote, "PUT", key, signed),
    };
  } else {
    const known = ctx.task.input.remoteUploadId;
    uploadId = typeof known === "string" ? known : await startMultipartUpload(remote, key);
    if (typeof known !== "string") await rememberInTask(ctx, "remoteUploadId", uploadId);
    const parts = [];
    for (let offset = 0, n = 1; offset < backup.size; offset += partBytes, n++) {
      const query = { partNumber: String(n), uploadId };
      const url = presignRemoteObject(remote, "PUT", key, signed, query);
      parts.push({ url, offset, length: Math.min(partBytes, backup.size - offset) });
    }
    command = { type: "backup.push", archive: backup.archive, parts };
  }
  let pushed: ReturnType<typeof backupPushResultSchema.safeParse>;
  try {
    const op = await runAgentCommand(ctx, node, ctx.stepCommandId(at.step), command, {
      from: at.from,
      to: 99,
      phase: "Copying to the remote store",
    });
    pushed = backupPushResultSchema.safeParse(op.result);
    if (uploadId) {
      if (!pushed.success || !pushed.data.etags)
        throw new AppError("UNAVAILABLE", `${node.name} did not report the uploaded parts.`);
      await completeMultipartUpload(remote, key, uploadId, pushed.data.etags);
    }
  } catch (err) {
    if (uploadId) await abortMultipartUpload(remote, key, uploadId);
    throw err;
  }
  await db.backup.update({
    where: { id: backup.id },
    data: { remoteKey: key, remoteCopiedAt: new Date(), remoteError: null },
    select: { id: true },
  });
  const how = [
    uploadId && pushed.success ? `${pushed.data.etags?.length} parts` : null,
    pushed.success ? `${(pushed.data.durationMs / 1000).toFixed(1)} s` : null,
  ].filter(Boolean);
  await ctx.log(
    `Copied to the remote store: ${remote.bucket}/${key}${how.length ? ` (${how.join(", ")})` : ""}.`,
  );
  return key;
}

/** backup.copy: an existing backup's archive, from its node to the remote store (the admin's "Copy"). */
export const copyBackupTask: TaskHandler = async (ctx) => {
  const b = await db.backup.findUnique({
    where: { id: String(ctx.task.input.backupId ?? "") },
    select: { id: true, nodeId: true, archive: true, sizeBytes: true },
  });
  if (!b?.archive || b.sizeBytes === null)
    throw new AppError("NOT_FOUND", "The backup of this task no longer exists.");
  const remote = await getEnabledBackupRemote();
  if (!remote) throw new AppError("CONFLICT", "No remote store is set up, or copying to it is switched off.");
  const node = await getAgentEndpoint(b.nodeId);
  const key = await pushToRemote(
    ctx,
    node,
    remote,
    { id: b.id, archive: b.archive, size: Number(b.sizeBytes) },
    { step: 1, from: 5 },
  );
  return { backupId: b.id, remoteKey: key };
};

copyBackupTask.onFailure = async (ctx, err) => {
  await db.backup.updateMany({
    where: { id: String(ctx.task.input.backupId ?? "") },
    data: { remoteError: getPublicMessage(err).slice(0, 1000) },
  });
};

createBackupTask.onFailure = async (ctx, err) => {
  const backupId = String(ctx.task.input.backupId ?? "");
  await db.backup.updateMany({
    where: { id: backupId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "FAILED", error: getPublicMessage(err).slice(0, 1000), finishedAt: new Date() },
  });
};
