import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { peekNextCtid } from "../containers/allocate-ctid";
import { db } from "../db";

/**
 * For the "Restore as a new container" form (admins): the nodes that can take it (online, not drained,
 * serving an IP pool) with the CTID it would get there by default, and the plans.
 */
export async function listRestoreTargets(options: { actor: Actor }) {
  authorize(options.actor, "backup.restore-new", null);
  const [nodes, plans] = await Promise.all([
    db.node.findMany({
      where: { status: "ONLINE", isDisabled: false, ipPools: { some: {} } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, nextCtid: true },
    }),
    db.plan.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return {
    nodes: await Promise.all(
      nodes.map(async (n) => ({ id: n.id, name: n.name, nextCtid: await peekNextCtid(db, n) })),
    ),
    plans,
  };
}
