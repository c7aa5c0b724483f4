import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/** One task with its log, for whoever may read it (a customer only their tenant's). */
export async function getTask(options: { actor: Actor; taskId: string }) {
  const task = await db.task.findUnique({
    where: { id: options.taskId },
    select: {
      id: true,
      type: true,
      status: true,
      progress: true,
      phase: true,
      error: true,
      input: true,
      tenantId: true,
      actorLabel: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      container: { select: { id: true, ctid: true, hostname: true } },
      node: { select: { id: true, name: true } },
      logLines: {
        orderBy: { id: "asc" },
        take: 2000,
        select: { id: true, level: true, message: true, createdAt: true },
      },
    },
  });
  if (!task) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  authorize(options.actor, "task.read", { type: "task", id: task.id, tenantId: task.tenantId });
  const input = JSON.parse(task.input) as Record<string, unknown>;
  // Only descriptive fields of the input are shown; sealed secrets never leave the server.
  const summary = Object.fromEntries(
    Object.entries(input).filter(
      ([k, v]) => !/password|secret|sealed/i.test(k) && (typeof v !== "object" || Array.isArray(v)),
    ),
  );
  return { ...task, input: summary };
}
