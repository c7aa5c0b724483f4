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
 * The node uploads the new archive to the remote store (backup.push, one presigned PUT). The backup itself is
 * made and kept on the node whatever happens here: a refused upload is written on the backup (remoteError)
 * and in the log as a warning, and the task still succeeds. The URL's signing time is kept in the task, so a
 * restarted panel sends the very same command again.
 */
async function copyToRemote(
  ctx: TaskContext,
  node: AgentEndpoint,
  remote: BackupRemote,
  backup: { id: string; archive: string },
): Promise<string | null> {
  const key = remoteObjectKey(remote, backup);
  let signedAt = ctx.task.input.remoteSignedAt;
  if (typeof signedAt !== "number") {
    signedAt = Date.now();
    await rememberInTask(ctx, "remoteSignedAt", signedAt);
  }
  const url = presignRemoteObject(remote, "PUT", key, new Date(signedAt as number));
  try {
    const op = await runAgentCommand(
      ctx,
      node,
      ctx.stepCommandId(2),
      { type: "backup.push", archive: backup.archive, url },
      { from: 80, to: 99, phase: "Copying to the remote store" },
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
  } catch (err) {
    const why = getPublicMessage(err).slice(0, 1000);
    await db.backup.update({ where: { id: backup.id }, data: { remoteError: why }, select: { id: true } });
    await ctx.log(
      `The backup is on ${node.name}, but its copy to the remote store failed: ${why}. Check the store on the Backups page and back up again.`,
      "warn",
    );
    return null;
  }
}

createBackupTask.onFailure = async (ctx, err) => {
  const backupId = String(ctx.task.input.backupId ?? "");
  await db.backup.updateMany({
    where: { id: backupId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "FAILED", error: getPublicMessage(err).slice(0, 1000), finishedAt: new Date() },
  });
};
