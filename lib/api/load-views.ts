import "server-only";
import type { Actor } from "../auth/actor";
import { getAuthorizedContainer } from "../containers/get-container";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { CONTAINER_VIEW_SELECT, TASK_VIEW_SELECT, toContainerView, toTaskView } from "./views";

export function isAdminActor(actor: Actor): boolean {
  return actor.kind === "system" || actor.role === "ADMIN";
}

/** A container as the API shows it, after authorizing container.read for the actor. */
export async function loadContainerView(actor: Actor, containerId: string) {
  await getAuthorizedContainer({ actor, containerId, action: "container.read" });
  const row = await db.container.findUnique({ where: { id: containerId }, select: CONTAINER_VIEW_SELECT });
  if (!row) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  return toContainerView(row, { showNode: isAdminActor(actor) });
}

/** A task the caller has just queued (its authorization was the action's own). */
export async function loadQueuedTask(taskId: string) {
  const row = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: TASK_VIEW_SELECT });
  return { task: toTaskView(row) };
}
