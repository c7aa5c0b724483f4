import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { USER_SUMMARY_SELECT } from "./user-summary-select";

/** One user as an admin sees it (no secrets). Customers get NOT_FOUND: user management is admin-only. */
export async function getUser(options: { actor: Actor; userId: string }) {
  authorize(options.actor, "user.manage", { type: "user", id: options.userId, tenantId: null });
  const user = await db.user.findUnique({ where: { id: options.userId }, select: USER_SUMMARY_SELECT });
  if (!user) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  return user;
}
