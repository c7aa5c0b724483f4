import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

export async function listNodes(options: { actor: Actor }) {
  authorize(options.actor, "node.read", null);
  return db.node.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      agentUrl: true,
      status: true,
      isDisabled: true,
      cpus: true,
      memoryMb: true,
      diskMb: true,
      lastSeenAt: true,
      _count: { select: { containers: true } },
    },
  });
}
