import "server-only";
import { backupInfoSchema } from "@/agent/protocol";
import { db } from "../../db";
import { AppError, getPublicMessage } from "../../errors/app-error";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import { loadTaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

/** backup.create: vzdump on the container's node; the Backup row gets the archive's name, size and times. */
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
  const op = await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    { type: "container.backup", ctid: c.ctid, mode },
    {
      from: 5,
      to: 99,
      phase: "Backing up",
    },
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
  return { backupId: backup.id, archive: info.data.archive, size: info.data.size, downtimeMs: m.downtimeMs };
};

createBackupTask.onFailure = async (ctx, err) => {
  const backupId = String(ctx.task.input.backupId ?? "");
  await db.backup.updateMany({
    where: { id: backupId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "FAILED", error: getPublicMessage(err).slice(0, 1000), finishedAt: new Date() },
  });
};
