import "server-only";
import { backupInfoSchema, backupPushResultSchema } from "@/agent/protocol";
import {
  type BackupRemote,
  getEnabledBackupRemote,
  presignRemoteObject,
  remoteObjectKey,
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
    ? await copyToRemote(ctx, node, remote, { id: backup.id, archive: info.data.archive })
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
  backup: { id: string; archive: string },
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
 * The node uploads an archive to the remote store (backup.push, one presigned PUT), and the backup records
 * where. The URL's signing time is kept in the task, so a restarted panel sends the very same command again.
 */
async function pushToRemote(
  ctx: TaskContext,
  node: AgentEndpoint,
  remote: BackupRemote,
  backup: { id: string; archive: string },
  at: { step: number; from: number },
): Promise<string> {
  const key = remoteObjectKey(remote, backup);
  let signedAt = ctx.task.input.remoteSignedAt;
  if (typeof signedAt !== "number") {
    signedAt = Date.now();
    await rememberInTask(ctx, "remoteSignedAt", signedAt);
  }
  const url = presignRemoteObject(remote, "PUT", key, new Date(signedAt as number));
  const op = await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(at.step),
    { type: "backup.push", archive: backup.archive, url },
    { from: at.from, to: 99, phase: "Copying to the remote store" },
  );
  const pushed = backupPushResultSchema.safeParse(op.result);
  await db.backup.update({
    where: { id: backup.id },
    data: { remoteKey: key, remoteCopiedAt: new Date(), remoteError: null },
    select: { id: true },
  });
  await ctx.log(
    `Copied to the remote store: ${remote.bucket}/${key}${
      pushed.success ? ` in ${(pushed.data.durationMs / 1000).toFixed(1)} s` : ""
    }.`,
  );
  return key;
}

/** backup.copy: an existing backup's archive, from its node to the remote store (the admin's "Copy"). */
export const copyBackupTask: TaskHandler = async (ctx) => {
  const b = await db.backup.findUnique({
    where: { id: String(ctx.task.input.backupId ?? "") },
    select: { id: true, nodeId: true, archive: true },
  });
  if (!b?.archive) throw new AppError("NOT_FOUND", "The backup of this task no longer exists.");
  const remote = await getEnabledBackupRemote();
  if (!remote) throw new AppError("CONFLICT", "No remote store is set up, or copying to it is switched off.");
  const node = await getAgentEndpoint(b.nodeId);
  const key = await pushToRemote(ctx, node, remote, { id: b.id, archive: b.archive }, { step: 1, from: 5 });
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
