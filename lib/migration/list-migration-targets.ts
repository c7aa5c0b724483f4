import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/**
 * For the Migrate form: every other node, with why it cannot take the container, and whether the
 * container's own node can checkpoint (live mode).
 */
export async function listMigrationTargets(options: { actor: Actor; containerId: string }) {
  authorize(options.actor, "container.migrate", null);
  const c = await db.container.findUnique({
    where: { id: options.containerId },
    select: {
      nodeId: true,
      node: { select: { checkpointError: true } },
      ipAddresses: { select: { poolId: true } },
    },
  });
  if (!c) return { targets: [], canCheckpointHere: false };
  const nodes = await db.node.findMany({
    where: { id: { not: c.nodeId } },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      status: true,
      isDisabled: true,
      checkpointError: true,
      ipPools: { select: { poolId: true } },
    },
  });
  const targets = nodes.map((n) => {
    const pools = new Set(n.ipPools.map((p) => p.poolId));
    const problem =
      n.status !== "ONLINE"
        ? "offline"
        : n.isDisabled
          ? "drained"
          : c.ipAddresses.some((a) => !pools.has(a.poolId))
            ? "pool"
            : null;
    return { id: n.id, name: n.name, problem, canCheckpoint: n.checkpointError === null } as const;
  });
  return { targets, canCheckpointHere: c.node.checkpointError === null };
}

/**
 * Whether a node has containers and other nodes to move them to, for the Evacuate control, with the
 * evacuation under way and how the last one ended (an evacuation that left containers behind says so).
 */
export async function getEvacuationState(options: { actor: Actor; nodeId: string }) {
  authorize(options.actor, "node.read", { type: "node", id: options.nodeId });
  const [containers, others, active, last] = await Promise.all([
    db.container.count({ where: { nodeId: options.nodeId } }),
    db.node.count({
      where: { id: { not: options.nodeId }, status: "ONLINE", isDisabled: false, publicKey: { not: null } },
    }),
    db.task.findFirst({
      where: { type: "node.evacuate", nodeId: options.nodeId, status: { in: ["QUEUED", "RUNNING"] } },
      select: { id: true, progress: true, phase: true },
    }),
    db.task.findFirst({
      where: {
        type: "node.evacuate",
        nodeId: options.nodeId,
        status: { in: ["SUCCEEDED", "FAILED", "CANCELLED"] },
      },
      orderBy: { createdAt: "desc" },
      select: { id: true, status: true, error: true },
    }),
  ]);
  return { containers, hasOtherNodes: others > 0, active, last };
}
