import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/** The catalogue for admins, with per template the nodes that have it and how many containers use it. */
export async function listTemplates(options: { actor: Actor }) {
  // Node names are admin information: customers see templates through their own lists (reinstall).
  authorize(options.actor, "template.manage", null);
  const rows = await db.osTemplate.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      distro: true,
      version: true,
      arch: true,
      variant: true,
      format: true,
      sha256: true,
      sizeBytes: true,
      isEnabled: true,
      storedPath: true,
      nodes: {
        where: { isPresent: true },
        orderBy: { node: { name: "asc" } },
        select: { node: { select: { id: true, name: true } } },
      },
      _count: { select: { containers: true } },
    },
  });
  return rows.map(({ storedPath, nodes, _count, ...t }) => ({
    ...t,
    isInPanelStore: storedPath !== null,
    nodes: nodes.map((n) => n.node),
    containerCount: _count.containers,
  }));
}
