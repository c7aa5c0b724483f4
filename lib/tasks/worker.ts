import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { db } from "../db";
import { getPublicMessage, isAppError } from "../errors/app-error";
import { TASK_HANDLERS } from "./handlers";
import type { TaskHandler } from "./handlers/types";
import { createTaskContext, type TaskContext, type TaskRow } from "./task-context";

/** A running task whose heartbeat (updatedAt) is older than this belongs to a worker that died. */
export const TASK_STALE_AFTER_MS = Number(process.env.BERTH_TASK_STALE_MS ?? 20_000);
const HEARTBEAT_MS = 5_000;

export const WORKER_ID = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

type WorkerOptions = { concurrency?: number; pollMs?: number };

let started = false;
const running = new Set<string>();

/**
 * The task worker: claims queued tasks (compare-and-set, so several panel instances on one PostgreSQL
 * never run the same task twice), runs their handler, and takes over tasks whose worker stopped
 * heartbeating (a panel killed mid-task): their agent commands are re-sent under the same ids, which the
 * agent answers with the first result, so the task ends with the right status without running twice.
 */
export function startTaskWorker(options: WorkerOptions = {}): void {
  if (started) return;
  started = true;
  const concurrency = options.concurrency ?? 4;
  const pollMs = options.pollMs ?? 500;
  const tick = async () => {
    try {
      await claimAndRun(concurrency);
    } catch (err) {
      console.error("task worker: tick failed", err);
    } finally {
      setTimeout(tick, pollMs).unref();
    }
  };
  void tick();
}

/**
 * One round of the worker loop: claims up to `concurrency` queued or stale tasks and starts them.
 * Resolves with the started runs' promises (the loop does not wait for them; tests may).
 */
export async function claimAndRun(concurrency: number): Promise<Promise<void>[]> {
  const free = concurrency - running.size;
  if (free <= 0) return [];
  const staleBefore = new Date(Date.now() - TASK_STALE_AFTER_MS);
  const candidates = await db.task.findMany({
    where: {
      OR: [
        { status: "QUEUED" },
        { status: "RUNNING", updatedAt: { lt: staleBefore } },
        // A failed task whose cleanup its worker did not finish (the panel died during it).
        { status: "FAILED", input: { contains: CLEANUP_PENDING_JSON }, updatedAt: { lt: staleBefore } },
      ],
      id: { notIn: [...running] },
    },
    orderBy: { createdAt: "asc" },
    take: free,
    select: { id: true, status: true, updatedAt: true, claimedBy: true },
  });
  const runs: Promise<void>[] = [];
  for (const c of candidates) {
    // Compare-and-set: only one worker wins the row (the status/updatedAt it saw must still be there).
    const claimed = await db.task.updateMany({
      where: { id: c.id, status: c.status, updatedAt: c.updatedAt },
      data: {
        ...(c.status === "FAILED" ? {} : { status: "RUNNING" as const }),
        claimedBy: WORKER_ID,
        ...(c.status === "QUEUED" ? { startedAt: new Date() } : {}),
      },
    });
    if (claimed.count !== 1) continue;
    running.add(c.id);
    const run =
      c.status === "FAILED"
        ? resumeCleanup(c.id, c.claimedBy)
        : runTask(c.id, c.status === "RUNNING" ? c.claimedBy : null);
    runs.push(run.finally(() => running.delete(c.id)));
  }
  return runs;
}

/** In a failed task's input while its handler's cleanup (onFailure) has not finished. */
const CLEANUP_PENDING_KEY = "isCleanupPending";
const CLEANUP_PENDING_JSON = `"${CLEANUP_PENDING_KEY}":true`;

/**
 * Claims one queued task and runs it to its end, in this call. The worker loop does the same for every
 * task; tests and scripts use this to run a task deterministically. Returns false if it was not claimable.
 */
export async function processTask(taskId: string): Promise<boolean> {
  const claimed = await db.task.updateMany({
    where: { id: taskId, status: "QUEUED" },
    data: { status: "RUNNING", claimedBy: WORKER_ID, startedAt: new Date() },
  });
  if (claimed.count !== 1) return false;
  await runTask(taskId, null);
  return true;
}

/**
 * A task this worker has just claimed: its row, a context for its handler, and the heartbeat (updatedAt
 * every HEARTBEAT_MS) that tells other workers it is alive; the caller clears the heartbeat when done.
 */
async function loadClaimedTask(taskId: string) {
  const row = await db.task.findUnique({
    where: { id: taskId },
    select: {
      id: true,
      type: true,
      commandId: true,
      containerId: true,
      nodeId: true,
      tenantId: true,
      input: true,
      error: true,
    },
  });
  if (!row) return null;
  const { error, ...rest } = row;
  const task: TaskRow = { ...rest, input: JSON.parse(row.input) as Record<string, unknown> };
  const heartbeat = setInterval(() => {
    void db.task
      .updateMany({ where: { id: taskId, claimedBy: WORKER_ID }, data: { claimedBy: WORKER_ID } })
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  return { task, ctx: createTaskContext(task), heartbeat, error };
}

async function runTask(taskId: string, takenFrom: string | null): Promise<void> {
  const claimed = await loadClaimedTask(taskId);
  if (!claimed) return;
  const { task, ctx, heartbeat } = claimed;
  try {
    if (takenFrom) await ctx.log(`Resumed after the panel restarted (was on ${takenFrom}).`, "warn");
    const handler = TASK_HANDLERS[task.type];
    if (!handler) throw new Error(`no handler for task type ${task.type}`);
    const result = await handler(ctx);
    await finish(taskId, "SUCCEEDED", { result });
    await ctx.log("Done.");
  } catch (err) {
    const message = getPublicMessage(err);
    if (!isAppError(err)) console.error(`task ${taskId} (${task.type}) failed`, err);
    await ctx.log(message, "error").catch(() => undefined);
    const onFailure = TASK_HANDLERS[task.type]?.onFailure;
    // FAILED with the cleanup marked pending, in one write: a panel that dies during the cleanup leaves a
    // task another worker finds and cleans up after (resumeCleanup), rather than a half-made container.
    await finish(taskId, "FAILED", { error: message, isCleanupPending: Boolean(onFailure) });
    if (onFailure) await runCleanup(ctx, onFailure, err);
  } finally {
    clearInterval(heartbeat);
  }
}

async function runCleanup(
  ctx: TaskContext,
  onFailure: NonNullable<TaskHandler["onFailure"]>,
  err: unknown,
): Promise<void> {
  try {
    await onFailure(ctx, err);
  } catch (e) {
    console.error(`task ${ctx.task.id}: cleanup failed`, e);
  }
  // Done, or failed in a way another try would not mend (it logged what to do by hand): not pending.
  const current = await db.task.findUnique({ where: { id: ctx.task.id }, select: { input: true } });
  if (!current) return;
  const input = JSON.parse(current.input) as Record<string, unknown>;
  delete input[CLEANUP_PENDING_KEY];
  await db.task.update({
    where: { id: ctx.task.id },
    data: { input: JSON.stringify(input) },
    select: { id: true },
  });
}

/** A failed task whose worker died during its cleanup: the cleanup runs again here (it is idempotent). */
async function resumeCleanup(taskId: string, takenFrom: string | null): Promise<void> {
  const claimed = await loadClaimedTask(taskId);
  if (!claimed) return;
  const { task, ctx, heartbeat, error } = claimed;
  try {
    await ctx.log(
      `Cleaning up after the failure, resumed after the panel restarted (was on ${takenFrom ?? "?"}).`,
      "warn",
    );
    // A handler without onFailure (changed since the task failed) has nothing to do: the mark just goes.
    const onFailure = TASK_HANDLERS[task.type]?.onFailure ?? (async () => {});
    await runCleanup(ctx, onFailure, new Error(error ?? "the task failed"));
  } finally {
    clearInterval(heartbeat);
  }
}

async function finish(
  taskId: string,
  status: "SUCCEEDED" | "FAILED",
  outcome: { result?: unknown; error?: string; isCleanupPending?: boolean },
): Promise<void> {
  const current = await db.task.findUnique({ where: { id: taskId }, select: { input: true } });
  // Secrets a task carried (sealed root passwords) are dropped once it is over.
  const input = current ? (JSON.parse(current.input) as Record<string, unknown>) : {};
  delete input.rootPasswordSealed;
  if (outcome.isCleanupPending) input[CLEANUP_PENDING_KEY] = true;
  await db.task.update({
    where: { id: taskId },
    data: {
      status,
      finishedAt: new Date(),
      lockKey: null,
      input: JSON.stringify(input),
      ...(status === "SUCCEEDED" ? { progress: 100, phase: null } : {}),
      ...(outcome.result !== undefined ? { result: JSON.stringify(outcome.result) } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    },
    select: { id: true },
  });
}
