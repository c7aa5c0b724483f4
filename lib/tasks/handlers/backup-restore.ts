import "server-only";
import { restoreResultSchema } from "@/agent/protocol";
import { getBackupRemote, presignRemoteObject } from "@/lib/backups/backup-remote";
import { DOWNLOAD_LINK_TTL_SECONDS } from "@/lib/templates/download-link";
import { getBackupFetchUrl } from "../../backups/backup-link";
import { runQuickAgentCommand } from "../../backups/node-commands";
import { limitsToSetParams } from "../../containers/limits";
import { db } from "../../db";
import { AppError } from "../../errors/app-error";
import { rememberInTask } from "../remember-in-task";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import type { TaskContext } from "../task-context";
import { settingsParamsFor } from "./container-commands";
import { explainForeignCtid, removeFailedContainer } from "./create-container";
import { loadTaskContainer, type TaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

/**
 * backup.restore: the container's files and config become the backup's (vzrestore --force: the current
 * container is kept aside and put back if the restore fails). A backup made on another node is first copied
 * to the container's node through a panel-signed link (backup.fetch), checked against its sha256.
 *
 * With input.asNew (lib/backups/restore-backup-as-new.ts) the task's container is a new one, made here: the
 * archive is restored to its CTID without the archive's addresses (vzrestore --no-ips), then the panel's
 * addresses, host name, plan limits and nameservers are set and it is started; a failure removes it.
 */
export const restoreBackupTask: TaskHandler = async (ctx) => {
  const b = await db.backup.findUnique({
    where: { id: String(ctx.task.input.backupId ?? "") },
    select: { id: true, nodeId: true, archive: true, sha256: true, remoteKey: true },
  });
  if (!b?.archive || !b.sha256) throw new AppError("NOT_FOUND", "The backup of this task no longer exists.");
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  if (b.nodeId !== c.nodeId) {
    // The copy made on this node is the task's, removed once the restore is over (removeShippedCopy, which
    // finds other restores of the same copy by this JSON: keep the keys in this order).
    if (ctx.task.input[SHIPPED_KEY] === undefined)
      await rememberInTask(ctx, SHIPPED_KEY, { archive: b.archive, nodeId: c.nodeId });
    // The link's expiry is kept in the task's input: a restarted panel re-sends the very same command.
    const key = "fetchLinkExpires";
    let expires = ctx.task.input[key];
    if (typeof expires !== "number") {
      expires = Math.floor(Date.now() / 1000) + DOWNLOAD_LINK_TTL_SECONDS;
      await rememberInTask(ctx, key, expires);
    }
    // A backup copied to the remote store comes from there (its own node need not even be online);
    // otherwise from its node, relayed by the panel through a signed link.
    const remote = b.remoteKey ? await getBackupRemote() : null;
    const url =
      remote && b.remoteKey
        ? presignRemoteObject(
            remote,
            "GET",
            b.remoteKey,
            new Date(((expires as number) - DOWNLOAD_LINK_TTL_SECONDS) * 1000),
          )
        : getBackupFetchUrl({
            backupId: b.id,
            archive: b.archive,
            nodeId: c.nodeId,
            expires: expires as number,
          });
    if (remote) await ctx.log(`Fetching the backup from the remote store (${remote.bucket}/${b.remoteKey}).`);
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
  if (ctx.task.input.asNew === true) {
    const made = await restoreAsNew(ctx, { id: b.id, archive: b.archive }, c, node, b.nodeId !== c.nodeId);
    await removeShippedCopy(ctx);
    return made;
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
  await removeShippedCopy(ctx);
  return { backupId: b.id, started: isRunning };
};

/** Where the task copied a backup made on another node: { archive, nodeId } (the backup's own stays). */
const SHIPPED_KEY = "shippedCopy";

/**
 * A backup copied to the container's node for this restore is removed there once the restore is over,
 * done or failed: the backup itself stays on its own node, and the copy would otherwise fill the node's
 * backup directory unseen by the panel.
 */
async function removeShippedCopy(ctx: TaskContext): Promise<void> {
  const shipped = ctx.task.input[SHIPPED_KEY] as { archive?: unknown; nodeId?: unknown } | undefined;
  if (typeof shipped?.archive !== "string" || typeof shipped.nodeId !== "string") return;
  const own = await db.backup.findFirst({
    where: { archive: shipped.archive, nodeId: shipped.nodeId },
    select: { id: true },
  });
  if (own) return; // a backup of that name kept on that node is not a copy
  // Another restore of the same backup onto the same node, not over yet, restores from the same copy: the last
  // one to end removes it. (One that has not started yet records the copy first and fetches it again.)
  const copy = { archive: shipped.archive, nodeId: shipped.nodeId };
  const sharer = await db.task.findFirst({
    where: {
      id: { not: ctx.task.id },
      type: ctx.task.type,
      status: { in: ["QUEUED", "RUNNING"] },
      input: { contains: `"${SHIPPED_KEY}":${JSON.stringify(copy)}` },
    },
    select: { id: true },
  });
  if (sharer) {
    await ctx.log(
      `Left the copy of ${shipped.archive} on the container's node: restore task ${sharer.id} is using it and removes it when it ends.`,
    );
    return;
  }
  try {
    const node = await getAgentEndpoint(shipped.nodeId);
    await runQuickAgentCommand(node, { type: "backup.delete", archive: shipped.archive });
    await ctx.log(`Removed the copy of ${shipped.archive} made on ${node.name} for this restore.`);
  } catch {
    await ctx.log(
      `Could not remove the copy of ${shipped.archive} made on the container's node for this restore; it can be deleted there by hand (its backup directory).`,
      "warn",
    );
  }
}

/** The step whose command makes the new container on the node (restore as a new container). */
const RESTORE_AS_NEW_STEP = 2;

async function restoreAsNew(
  ctx: TaskContext,
  b: { id: string; archive: string },
  c: TaskContainer,
  node: Awaited<ReturnType<typeof getAgentEndpoint>>,
  isShipped: boolean,
) {
  await ctx.log(`Restoring backup ${b.archive} as container ${c.ctid} (${c.hostname}) on ${node.name}.`);
  // No replace: a CTID the node already has (unknown to the panel) is refused, never overwritten.
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(RESTORE_AS_NEW_STEP),
    { type: "container.restore", ctid: c.ctid, archive: b.archive, keepIps: false },
    { from: isShipped ? 40 : 5, to: 80, phase: "Restoring" },
  ).catch((err: unknown) => explainForeignCtid(err, { ctid: c.ctid, nodeId: c.nodeId, nodeName: node.name }));
  // From here on the container exists on the node: a failure has it destroyed there (onFailure).
  await rememberInTask(ctx, "isRestored", true);
  // The panel's addresses, host name and plan, saved, before the first start (as create does).
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(3),
    {
      type: "container.set",
      ctid: c.ctid,
      save: true,
      params: {
        ...limitsToSetParams(c),
        hostname: c.hostname,
        ipadd: c.ipAddresses.map((a) => a.address),
        ...settingsParamsFor(c),
      },
    },
    { from: 80, to: 90, phase: "Applying addresses, host name and limits" },
  );
  const isStarted = ctx.task.input.start !== false;
  if (isStarted)
    await runAgentCommand(
      ctx,
      node,
      ctx.stepCommandId(4),
      { type: "container.start", ctid: c.ctid },
      { from: 90, to: 99, phase: "Starting" },
    );
  await db.container.update({
    where: { id: c.id },
    data: {
      status: isStarted ? "RUNNING" : "STOPPED",
      startedAt: isStarted ? new Date() : null,
      hasDrift: false,
      lastSyncedAt: new Date(),
    },
    select: { id: true },
  });
  return { backupId: b.id, containerId: c.id, ctid: c.ctid, started: isStarted };
}

// A failed restore as a new container leaves nothing: the node's copy is destroyed only once the restore had
// made it (recorded, or the agent says its restore succeeded; a refused restore made nothing, and the CTID
// may be another container the panel does not know),
// then the row goes and its addresses return to the pool. A restore over a container undoes itself (agent).
restoreBackupTask.onFailure = async (ctx) => {
  await removeShippedCopy(ctx);
  if (ctx.task.input.asNew !== true) return;
  await removeFailedContainer(ctx, {
    isOnNode:
      ctx.task.input.isRestored === true ? true : { commandId: ctx.stepCommandId(RESTORE_AS_NEW_STEP) },
  });
};
