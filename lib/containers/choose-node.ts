import "server-only";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";

/**
 * Picks the node for a new container. A chosen node must be online and not drained. "auto" takes the
 * online, undrained node with the most memory left after its containers' RAM, among those where the plan
 * fits (memory and disk) and which serve at least one IP pool.
 */
export async function chooseNode(
  tx: Prisma.TransactionClient,
  options: { nodeId: string; ramMb: number; diskMb: number },
): Promise<{ id: string; name: string }> {
  if (options.nodeId !== "auto") {
    const node = await tx.node.findUnique({
      where: { id: options.nodeId },
      select: { id: true, name: true, status: true, isDisabled: true },
    });
    if (!node)
      throw new AppError("VALIDATION", "That node does not exist. Choose one from the list.", {
        field: "nodeId",
      });
    if (node.status !== "ONLINE") {
      throw new AppError(
        "VALIDATION",
        `Node ${node.name} is ${node.status.toLowerCase()}. Choose an online node or "best fit".`,
        {
          field: "nodeId",
          reason: "node-offline",
        },
      );
    }
    if (node.isDisabled) {
      throw new AppError(
        "VALIDATION",
        `Node ${node.name} is drained (takes no new containers). Choose another node.`,
        {
          field: "nodeId",
        },
      );
    }
    return node;
  }
  const nodes = await tx.node.findMany({
    where: { status: "ONLINE", isDisabled: false, ipPools: { some: {} } },
    select: { id: true, name: true, memoryMb: true, diskFreeMb: true },
  });
  const used = await tx.container.groupBy({
    by: ["nodeId"],
    where: { nodeId: { in: nodes.map((n) => n.id) } },
    _sum: { ramMb: true },
  });
  const usedByNode = new Map(used.map((u) => [u.nodeId, u._sum.ramMb ?? 0]));
  const fitting = nodes
    .map((n) => ({ ...n, freeMb: (n.memoryMb ?? 0) - (usedByNode.get(n.id) ?? 0) }))
    .filter((n) => n.freeMb >= options.ramMb && (n.diskFreeMb ?? 0) >= options.diskMb)
    .sort((a, b) => b.freeMb - a.freeMb);
  const best = fitting[0];
  if (!best) {
    throw new AppError(
      "VALIDATION",
      "No online node has room for this plan (memory and disk) and an IP pool. Add a node, free capacity, or choose a smaller plan.",
      { field: "nodeId", reason: "no-capacity" },
    );
  }
  return { id: best.id, name: best.name };
}
