import "server-only";
import { db } from "../db";
import type { UserActor } from "./actor";

/**
 * The user a session token names, or null: a disabled user, a deleted user or a token older than the
 * user's sessionVersion is no one. The one place pages, actions and the console socket turn a session into
 * an actor.
 */
export async function loadUserActor(
  userId: string | undefined,
  sessionVersion: number | undefined,
): Promise<UserActor | null> {
  if (!userId) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      tenantId: true,
      locale: true,
      isDisabled: true,
      sessionVersion: true,
      tenant: { select: { status: true, suspendedReason: true } },
    },
  });
  if (!user || user.isDisabled || user.sessionVersion !== (sessionVersion ?? 0)) return null;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tenantId: user.tenantId,
    locale: user.locale,
    isDisabled: user.isDisabled,
    tenantSuspended: user.tenant?.status === "SUSPENDED",
    tenantSuspendedReason: user.tenant?.status === "SUSPENDED" ? user.tenant.suspendedReason : null,
  };
}
