import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { USER_SUMMARY_SELECT } from "./user-summary-select";

/**
 * One page of users (admins and customers, or one tenant's customers) ordered by id, a stable cursor.
 * Fetches limit + 1 rows: the caller cuts the page and knows whether another follows.
 */
export async function listUsersPage(options: {
  actor: Actor;
  tenantId?: string;
  after: string | null;
  limit: number;
}) {
  authorize(options.actor, "user.manage", null);
  return db.user.findMany({
    where: {
      ...(options.tenantId ? { tenantId: options.tenantId } : {}),
      ...(options.after ? { id: { gt: options.after } } : {}),
    },
    orderBy: { id: "asc" },
    take: options.limit + 1,
    select: USER_SUMMARY_SELECT,
  });
}
