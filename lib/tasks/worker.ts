import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { db } from "../db";
import { getPublicMessage, isAppError } from "../errors/app-error";
import { TASK_HANDLERS } from "./handlers";
import { createTaskContext, type TaskRow } from "./task-context";

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
      OR: [{ status: "QUEUED" }, { status: "RUNNING", updatedAt: { lt: staleBefore } }],
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
        status: "RUNNING",
        claimedBy: WORKER_ID,
        ...(c.status === "QUEUED" ? { startedAt: new Date() } : {}),
      },
    });
    if (claimed.count !== 1) continue;
    running.add(c.id);
    runs.push(runTask(c.id, c.status === "RUNNING" ? c.claimedBy : null).finally(() => running.delete(c.id)));
  }
  return runs;
}

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

async function runTask(taskId: string, takenFrom: string | null): Promise<void> {
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
    },
  });
  if (!row) return;
  const task: TaskRow = { ...row, input: JSON.parse(row.input) as Record<string, unknown> };
  const ctx = createTaskContext(task);
  const heartbeat = setInterval(() => {
    void db.task
      .updateMany({ where: { id: taskId, claimedBy: WORKER_ID }, data: { claimedBy: WORKER_ID } })
      .catch(() => undefined);
  }, HEARTBEAT_MS);
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
    await finish(taskId, "FAILED", { error: message });
    const handler = TASK_HANDLERS[task.type];
    await handler
      ?.onFailure?.(ctx, err)
      .catch((e: unknown) => console.error(`task ${taskId}: cleanup failed`, e));
  } finally {
    clearInterval(heartbeat);
  }
}

async function finish(
  taskId: string,
  status: "SUCCEEDED" | "FAILED",
  outcome: { result?: unknown; error?: string },
): Promise<void> {
  const current = await db.task.findUnique({ where: { id: taskId }, select: { input: true } });
  // Secrets a task carried (sealed root passwords) are dropped once it is over.
  const input = current ? (JSON.parse(current.input) as Record<string, unknown>) : {};
  delete input.rootPasswordSealed;
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
