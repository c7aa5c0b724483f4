import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { enqueueTask } from "../tasks/enqueue-task";
import { buildTemplateInputSchema } from "./schemas";

/** Queues a `template.build` task: the node builds the template with debootstrap (lib/tasks/handlers/build-template.ts). */
export async function requestTemplateBuild(options: { actor: Actor; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "template.manage", null);
  const input = parseInput(buildTemplateInputSchema, options.input);
  const node = await db.node.findUnique({
    where: { id: input.nodeId },
    select: { id: true, name: true, status: true },
  });
  if (!node) throw new AppError("VALIDATION", "That node no longer exists.", { field: "nodeId" });
  if (node.status !== "ONLINE")
    throw new AppError(
      "UNAVAILABLE",
      `Node ${node.name} is ${node.status.toLowerCase()}: it cannot build now.`,
      {
        field: "nodeId",
        reason: "node-offline",
      },
    );
  return enqueueTask({
    actor,
    type: "template.build",
    nodeId: node.id,
    input: { distro: input.distro, node: node.name },
    ip: options.ip,
  });
}
