import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/**
 * Every node (or the one `nodeId` names) with its capacity, what is allocated on it and when it was last heard from, for the REST
 * API. Never selects the agent's keys, certificate fingerprint or join token.
 */
export async function listNodeSummaries(options: { actor: Actor; nodeId?: string }) {
  const { nodeId } = options;
  authorize(options.actor, "node.read", nodeId ? { type: "node", id: nodeId } : null);
  const [nodes, allocated] = await Promise.all([
    db.node.findMany({
      where: nodeId ? { id: nodeId } : {},
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        status: true,
        isDisabled: true,
        hostname: true,
        agentVersion: true,
        lxcVersion: true,
        kernel: true,
        cpus: true,
        memoryMb: true,
        diskMb: true,
        diskFreeMb: true,
        lastSeenAt: true,
        lastError: true,
        createdAt: true,
        _count: { select: { containers: true } },
      },
    }),
    db.container.groupBy({
      by: ["nodeId"],
      where: nodeId ? { nodeId } : {},
      _sum: { ramMb: true, diskspaceLimitMb: true },
    }),
  ]);
  const byNode = new Map(allocated.map((a) => [a.nodeId, a._sum]));
  return nodes.map(({ _count, ...n }) => ({
    ...n,
    containerCount: _count.containers,
    allocatedRamMb: byNode.get(n.id)?.ramMb ?? 0,
    allocatedDiskMb: byNode.get(n.id)?.diskspaceLimitMb ?? 0,
  }));
}
