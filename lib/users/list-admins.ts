import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

export async function listAdmins(options: { actor: Actor }) {
  authorize(options.actor, "user.manage", null);
  return db.user.findMany({
    where: { role: "ADMIN" },
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, isDisabled: true, lastLoginAt: true, totpEnabledAt: true },
  });
}
