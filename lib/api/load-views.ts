import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { CONTAINER_VIEW_SELECT, TASK_VIEW_SELECT, toContainerView, toTaskView } from "./views";

export function isAdminActor(actor: Actor): boolean {
  return actor.kind === "system" || actor.role === "ADMIN";
}

/**
 * A container as the API shows it, after authorizing container.read for the actor: one query, the
 * authorization decided on the row it read (a missing row and another tenant's answer alike).
 */
export async function loadContainerView(actor: Actor, containerId: string) {
  const row = await db.container.findUnique({
    where: { id: containerId },
    select: { ...CONTAINER_VIEW_SELECT, tenantId: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  authorize(actor, "container.read", { type: "container", id: row.id, tenantId: row.tenantId });
  return toContainerView(row, { showNode: isAdminActor(actor) });
}

/** A task the caller has just queued (its authorization was the action's own). */
export async function loadQueuedTask(taskId: string) {
  const row = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: TASK_VIEW_SELECT });
  return { task: toTaskView(row) };
}
