import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

export async function listCustomerUsers(options: { actor: Actor }) {
  authorize(options.actor, "user.manage", null);
  return db.user.findMany({
    where: { role: "CUSTOMER" },
    orderBy: { email: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      isDisabled: true,
      lastLoginAt: true,
      tenant: { select: { id: true, name: true } },
    },
  });
}
