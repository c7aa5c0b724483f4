import "server-only";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

export async function getProfile(options: { actor: UserActor }) {
  const { actor } = options;
  authorize(actor, "user.read", { type: "user", id: actor.userId, tenantId: actor.tenantId });
  const user = await db.user.findUnique({
    where: { id: actor.userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      locale: true,
      totpEnabledAt: true,
      passwordChangedAt: true,
      lastLoginAt: true,
      tenant: { select: { id: true, name: true, status: true } },
    },
  });
  if (!user) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  return user;
}
