import "server-only";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/** The actor's own recent sign-in attempts (successes and failures against their e-mail). */
export async function listOwnSignIns(options: { actor: UserActor; take?: number }) {
  const { actor } = options;
  authorize(actor, "user.read", { type: "user", id: actor.userId, tenantId: actor.tenantId });
  return db.loginAttempt.findMany({
    where: { email: actor.email },
    orderBy: { createdAt: "desc" },
    take: Math.min(options.take ?? 10, 50),
    select: { id: true, createdAt: true, ip: true, isSuccess: true, reason: true, userAgent: true },
  });
}
