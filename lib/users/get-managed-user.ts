import "server-only";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/** A user an admin is about to change; refuses changing oneself where that would lock the admin out. */
export async function getManagedUser(options: { actor: UserActor; userId: string; isSelfAllowed?: boolean }) {
  authorize(options.actor, "user.manage", { type: "user", id: options.userId, tenantId: null });
  const user = await db.user.findUnique({
    where: { id: options.userId },
    select: { id: true, email: true, role: true, tenantId: true, isDisabled: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  if (!options.isSelfAllowed && user.id === options.actor.userId) {
    throw new AppError("CONFLICT", "You cannot do this to your own account here; use the Account page.");
  }
  return user;
}
