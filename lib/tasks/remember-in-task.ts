import "server-only";
import { db } from "../db";
import type { TaskContext } from "./task-context";

/** Keeps a value in the task's input: a restarted panel carries on with it (and onFailure reads it). */
export async function rememberInTask(ctx: TaskContext, key: string, value: unknown): Promise<void> {
  ctx.task.input = { ...ctx.task.input, [key]: value };
  await db.task.update({
    where: { id: ctx.task.id },
    data: { input: JSON.stringify(ctx.task.input) },
    select: { id: true },
  });
}
