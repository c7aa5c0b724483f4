import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { enqueueTask } from "../tasks/enqueue-task";
import { evacuateNodeInputSchema } from "./schemas";

/**
 * Queues the evacuation of a node: its containers are migrated one by one to the other nodes (a node.evacuate
 * task that queues one container.migrate task at a time). The node is drained first, so nothing new lands
 * on it meanwhile. Refused when there is no other node to move to.
 */
export async function requestNodeEvacuation(options: {
  actor: Actor;
  nodeId: string;
  input: unknown;
  ip?: string;
}) {
  authorize(options.actor, "node.manage", { type: "node", id: options.nodeId });
  authorize(options.actor, "container.migrate", null);
  const input = parseInput(evacuateNodeInputSchema, options.input);
  const node = await db.node.findUnique({ where: { id: options.nodeId }, select: { id: true, name: true } });
  if (!node) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const others = await db.node.count({
    where: { id: { not: node.id }, status: "ONLINE", isDisabled: false, publicKey: { not: null } },
  });
  if (others === 0)
    throw new AppError(
      "CONFLICT",
      `Node ${node.name} is the only online node that takes containers: there is nowhere to move its containers. Add or enable another node first.`,
      { reason: "only-node" },
    );
  const active = await db.task.findFirst({
    where: { type: "node.evacuate", nodeId: node.id, status: { in: ["QUEUED", "RUNNING"] } },
    select: { id: true },
  });
  if (active)
    throw new AppError("CONFLICT", `Node ${node.name} is already being evacuated.`, { reason: "busy" });
  return db.$transaction(async (tx) => {
    await tx.node.update({ where: { id: node.id }, data: { isDisabled: true }, select: { id: true } });
    return enqueueTask({
      tx,
      actor: options.actor,
      type: "node.evacuate",
      nodeId: node.id,
      ip: options.ip,
      input: { mode: input.mode, fallbackOnline: input.fallbackOnline, nodeName: node.name },
    });
  });
}
