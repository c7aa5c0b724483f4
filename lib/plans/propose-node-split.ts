import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { proposeSplitPlan } from "./propose-split-plan";
import { splitInputSchema } from "./schemas";

/**
 * "Split this node into N" (vzsplit): a plan proposal from a node's reported capacity, for the admin to
 * review, name and save. Saves nothing.
 */
export async function proposeNodeSplit(options: { actor: Actor; input: unknown }) {
  authorize(options.actor, "plan.manage", null);
  const { nodeId, count } = parseInput(splitInputSchema, options.input);
  authorize(options.actor, "node.read", { type: "node", id: nodeId });
  const node = await db.node.findUnique({
    where: { id: nodeId },
    select: { name: true, cpus: true, memoryMb: true, diskMb: true },
  });
  if (!node)
    throw new AppError("NOT_FOUND", "That node no longer exists. Reload the page.", { field: "nodeId" });
  if (!node.cpus || !node.memoryMb || !node.diskMb) {
    throw new AppError(
      "VALIDATION",
      `Node ${node.name} has not reported its capacity yet. Run the join command on the host and wait until the node is online, then try again.`,
      { field: "nodeId", reason: "no-capacity" },
    );
  }
  const proposal = proposeSplitPlan(
    { name: node.name, cpus: node.cpus, memoryMb: node.memoryMb, diskMb: node.diskMb },
    count,
  );
  if (!proposal.ok) throw new AppError("VALIDATION", proposal.message, { field: "count" });
  return {
    node: { name: node.name, cpus: node.cpus, memoryMb: node.memoryMb, diskMb: node.diskMb },
    count,
    suggestedName: `${node.name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[^a-z0-9]+/, "")}-split-${count}`.slice(0, 64),
    ...proposal,
  };
}
