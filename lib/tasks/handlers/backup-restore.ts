import "server-only";
import { restoreResultSchema } from "@/agent/protocol";
import { DOWNLOAD_LINK_TTL_SECONDS } from "@/lib/templates/download-link";
import { getBackupFetchUrl } from "../../backups/backup-link";
import { db } from "../../db";
import { AppError } from "../../errors/app-error";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import { loadTaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

/**
 * backup.restore: the container's files and config become the backup's (vzrestore --force: the current
 * container is kept aside and put back if the restore fails). A backup made on another node is first copied
 * to the container's node through a panel-signed link (backup.fetch), checked against its sha256.
 */
export const restoreBackupTask: TaskHandler = async (ctx) => {
  const b = await db.backup.findUnique({
    where: { id: String(ctx.task.input.backupId ?? "") },
    select: { id: true, nodeId: true, archive: true, sha256: true },
  });
  if (!b?.archive || !b.sha256) throw new AppError("NOT_FOUND", "The backup of this task no longer exists.");
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  if (b.nodeId !== c.nodeId) {
    // The link's expiry is kept in the task's input: a restarted panel re-sends the very same command.
    const key = "fetchLinkExpires";
    let expires = ctx.task.input[key];
    if (typeof expires !== "number") {
      expires = Math.floor(Date.now() / 1000) + DOWNLOAD_LINK_TTL_SECONDS;
      await db.task.update({
        where: { id: ctx.task.id },
        data: { input: JSON.stringify({ ...ctx.task.input, [key]: expires }) },
        select: { id: true },
      });
    }
    const url = getBackupFetchUrl({
      backupId: b.id,
      archive: b.archive,
      nodeId: c.nodeId,
      expires: expires as number,
    });
    await runAgentCommand(
      ctx,
      node,
      ctx.stepCommandId(1),
      { type: "backup.fetch", archive: b.archive, url, sha256: b.sha256 },
      {
        from: 2,
        to: 40,
        phase: "Copying the backup to the node",
      },
    );
  }
  const wasRunning = c.status === "RUNNING";
  const op = await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(2),
    { type: "container.restore", ctid: c.ctid, archive: b.archive, replace: true, start: wasRunning },
    { from: b.nodeId !== c.nodeId ? 40 : 5, to: 99, phase: "Restoring" },
  );
  const r = restoreResultSchema.safeParse(op.result);
  const isRunning = r.success ? r.data.started : wasRunning;
  await db.container.update({
    where: { id: c.id },
    data: {
      status: isRunning ? "RUNNING" : "STOPPED",
      startedAt: isRunning ? new Date() : null,
      // The config is the backup's now: the node poller compares it with this row.
      lastSyncedAt: null,
    },
    select: { id: true },
  });
  return { backupId: b.id, started: isRunning };
};
