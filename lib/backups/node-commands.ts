import "server-only";
import { type Command, commandReplySchema, ENDPOINTS, PROTOCOL_VERSION } from "@/agent/protocol";
import { AppError } from "../errors/app-error";
import { type AgentEndpoint, callAgent } from "../nodes/agent-client";
import { newCommandId } from "../tasks/enqueue-task";

/** A short agent command outside a task (deleting an archive): sent and waited for up to 30 s. */
export async function runQuickAgentCommand(node: AgentEndpoint, command: Command): Promise<unknown> {
  const reply = await callAgent(node, {
    method: "POST",
    path: `${ENDPOINTS.commands}?wait=30000`,
    body: { protocolVersion: PROTOCOL_VERSION, id: newCommandId(), command },
    schema: commandReplySchema,
    timeoutMs: 40_000,
  });
  const op = reply.operation;
  if (op.status === "running")
    throw new AppError("UNAVAILABLE", `${node.name}: still working; try again shortly.`);
  if (op.status === "failed")
    throw new AppError("UNAVAILABLE", `${node.name}: ${op.error?.message ?? "failed"}`);
  return op.result;
}
