import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { enqueueTask } from "../tasks/enqueue-task";
import { nodeChoiceSchema } from "./schemas";

/** Queues a `template.transfer` task that copies a catalogue template to one node (lib/tasks/handlers/transfer-template.ts). */
export async function requestTemplateTransfer(options: {
  actor: Actor;
  templateId: string;
  input: unknown;
  ip?: string;
}) {
  const { actor, templateId } = options;
  authorize(actor, "template.manage", { type: "template", id: templateId });
  const { nodeId } = parseInput(nodeChoiceSchema, options.input);
  const [template, node] = await Promise.all([
    db.osTemplate.findUnique({
      where: { id: templateId },
      select: { id: true, name: true, storedPath: true },
    }),
    db.node.findUnique({ where: { id: nodeId }, select: { id: true, name: true, status: true } }),
  ]);
  if (!template)
    throw new AppError("NOT_FOUND", "That template no longer exists. Go back to the list of templates.");
  if (!node) throw new AppError("VALIDATION", "That node no longer exists.", { field: "nodeId" });
  if (node.status !== "ONLINE")
    throw new AppError(
      "UNAVAILABLE",
      `Node ${node.name} is ${node.status.toLowerCase()}: it cannot download now.`,
      {
        field: "nodeId",
        reason: "node-offline",
      },
    );
  if (!template.storedPath)
    throw new AppError(
      "UNAVAILABLE",
      `The panel has no copy of ${template.name} to send (it was imported from or built on a node).`,
      { reason: "template-not-in-store" },
    );
  return enqueueTask({
    actor,
    type: "template.transfer",
    nodeId: node.id,
    input: { templateId: template.id, name: template.name, node: node.name },
    ip: options.ip,
  });
}
