import "server-only";
import {
  type Command,
  commandReplySchema,
  ENDPOINTS,
  type Operation,
  PROTOCOL_VERSION,
} from "@/agent/protocol";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { type AgentEndpoint, callAgent } from "../nodes/agent-client";
import type { TaskContext } from "./task-context";

export async function getAgentEndpoint(nodeId: string): Promise<AgentEndpoint> {
  const node = await db.node.findUnique({
    where: { id: nodeId },
    select: { id: true, name: true, agentUrl: true, publicKey: true, tlsFingerprint: true },
  });
  if (!node) throw new AppError("NOT_FOUND", "The container's node no longer exists.");
  return node;
}

/**
 * Sends one command to the node's agent under a fixed command id and follows the operation to its end,
 * copying its log lines into the task and mapping its progress into [from, to] of the task's bar. Sending
 * the same id again (after a panel restart) returns the agent's first operation instead of running twice.
 */
export async function runAgentCommand(
  ctx: TaskContext,
  node: AgentEndpoint,
  commandId: string,
  command: Command,
  range: { from: number; to: number; phase: string },
): Promise<Operation> {
  await ctx.progress(range.from, range.phase);
  const sent = await callAgent(node, {
    method: "POST",
    path: `${ENDPOINTS.commands}?wait=2000`,
    body: { protocolVersion: PROTOCOL_VERSION, id: commandId, command },
    schema: commandReplySchema,
    timeoutMs: 30_000,
  });
  let op = sent.operation;
  let seen = 0;
  const copy = async (o: Operation) => {
    const fresh = o.log.filter((line) => line.n > seen);
    seen = Math.max(seen, ...fresh.map((line) => line.n));
    await ctx.logMany(fresh.map((line) => `${node.name}: ${line.line}`));
    await ctx.progress(range.from + ((range.to - range.from) * o.progress) / 100, range.phase);
  };
  await copy(op);
  while (op.status === "running") {
    const next = await callAgent(node, {
      method: "GET",
      path: `${ENDPOINTS.operation(commandId)}?wait=10000&after=${seen}`,
      schema: commandReplySchema,
      timeoutMs: 20_000,
    });
    op = next.operation;
    await copy(op);
  }
  if (op.recovery)
    await ctx.log(`${node.name}: the agent restarted during this step; it was ${op.recovery}.`, "warn");
  if (op.status === "failed") {
    throw new AppError("UNAVAILABLE", `${node.name}: ${op.error?.message ?? "the operation failed"}`, {
      reason: op.error?.code ?? "agent-failed",
    });
  }
  return op;
}
