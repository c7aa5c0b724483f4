import "server-only";
import { AppError } from "../../errors/app-error";
import { ensureTemplateOnNode } from "../../templates/ensure-template-on-node";
import { getAgentEndpoint } from "../run-agent-command";
import type { TaskHandler } from "./types";

/**
 * template.transfer: copy a catalogue template to one node. The agent downloads it from the panel through
 * a signed, expiring link and verifies its sha256 and every tar entry (lib/templates/ensure-template-on-node.ts).
 */
export const transferTemplate: TaskHandler = async (ctx) => {
  const templateId = ctx.task.input.templateId;
  if (!ctx.task.nodeId || typeof templateId !== "string")
    throw new AppError("VALIDATION", "This transfer task names no node or template.");
  const node = await getAgentEndpoint(ctx.task.nodeId);
  const res = await ensureTemplateOnNode({
    ctx,
    node,
    template: { id: templateId },
    commandId: ctx.stepCommandId(1),
    range: { from: 2, to: 99 },
  });
  return { templateId, nodeId: node.id, isTransferred: res.isTransferred };
};
