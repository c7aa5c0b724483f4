import "server-only";
import {
  commandReplySchema,
  ENDPOINTS,
  type MigrateCommand,
  migrationResultSchema,
  migrationTicketSchema,
  type Operation,
  PROTOCOL_VERSION,
} from "@/agent/protocol";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { SYSTEM_ACTOR } from "../../auth/actor";
import { db } from "../../db";
import { AppError, isAppError } from "../../errors/app-error";
import { migrateTaskInputSchema } from "../../migration/schemas";
import { callAgent } from "../../nodes/agent-client";
import { getAgentEndpoint } from "../run-agent-command";
import type { TaskContext } from "../task-context";
import { loadTaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

// container.migrate: the panel issues the per-migration authority (a ticket the destination agent makes
// for this CTID and the source node's key), hands it to the source agent in a signed container.migrate
// command, follows the source's operation (phase and bytes copied into the task), and when the container
// runs on the destination, moves the Container row (node, CTID) there; its addresses stay attached to it.

const PHASES: [RegExp, string][] = [
  [/^Checking the destination|^Pre-checks/, "Pre-checks"],
  [/^Preparing the destination/, "Preparing the destination"],
  [/^Copying|^Copied/, "Copying"],
  [/^Freezing|^Stopping the container|^Checkpointing/, "Switching over"],
  [/^Starting the container on the destination|^Registering/, "Starting on the destination"],
  [/^Removing the container from the source/, "Cleaning up the source"],
];

function phaseOf(line: string): string | null {
  for (const [re, phase] of PHASES) if (re.test(line)) return /^Copy/.test(line) ? line : phase;
  return null;
}

async function follow(
  ctx: TaskContext,
  nodeName: string,
  node: Parameters<typeof callAgent>[0],
  first: Operation,
) {
  let op = first;
  let seen = 0;
  const copy = async (o: Operation) => {
    const fresh = o.log.filter((l) => l.n > seen);
    seen = Math.max(seen, ...fresh.map((l) => l.n));
    await ctx.logMany(fresh.map((l) => `${nodeName}: ${l.line}`));
    const last = [...fresh].reverse().find((l) => phaseOf(l.line));
    await ctx.progress(5 + 0.9 * o.progress, last ? (phaseOf(last.line) ?? undefined) : undefined);
  };
  await copy(op);
  while (op.status === "running") {
    const next = await callAgent(node, {
      method: "GET",
      path: `${ENDPOINTS.operation(op.id)}?wait=5000&after=${seen}`,
      schema: commandReplySchema,
      timeoutMs: 20_000,
    });
    op = next.operation;
    await copy(op);
  }
  return op;
}

export const migrateContainer: TaskHandler = async (ctx) => {
  const c = await loadTaskContainer(ctx.task.containerId);
  const input = migrateTaskInputSchema.parse(ctx.task.input);
  const source = await getAgentEndpoint(c.nodeId);
  if (c.nodeId === input.targetNodeId) {
    await ctx.log("The container is already on the target node.");
    return { nodeId: c.nodeId, ctid: c.ctid };
  }
  const target = await getAgentEndpoint(input.targetNodeId);
  if (!source.publicKey || !target.publicKey)
    throw new AppError(
      "UNAVAILABLE",
      "Both nodes must have joined before a container can move between them.",
    );
  const commandId = ctx.stepCommandId(1);

  // After a panel restart the source may already be migrating under this id: follow it, do not ask again
  // (a new ticket would make a different command under the same id).
  let op: Operation | null = await callAgent(source, {
    method: "GET",
    path: ENDPOINTS.operation(commandId),
    schema: commandReplySchema,
  })
    .then((r) => r.operation)
    .catch((err: unknown) => {
      if (isAppError(err) && err.code === "NOT_FOUND") return null;
      throw err;
    });
  if (!op) {
    await ctx.progress(2, "Asking the destination for a ticket");
    const ticket = await callAgent(target, {
      method: "POST",
      path: ENDPOINTS.migrationTickets,
      body: { ctid: input.ctid, sourceNodeId: source.id, sourcePublicKey: source.publicKey },
      schema: migrationTicketSchema,
    });
    const command: MigrateCommand = {
      type: "container.migrate",
      ctid: c.ctid,
      mode: input.mode,
      ...(input.fallbackOnline ? { fallbackOnline: true } : {}),
      destination: {
        url: target.agentUrl,
        nodeId: target.id,
        publicKey: target.publicKey,
        tlsFingerprint: target.agentUrl.startsWith("https:") ? target.tlsFingerprint : null,
      },
      ticket,
    };
    await ctx.log(
      `Migrating CT ${c.ctid} from ${source.name} to ${target.name}${input.ctid !== c.ctid ? ` as CT ${input.ctid}` : ""} (${input.mode})`,
    );
    const sent = await callAgent(source, {
      method: "POST",
      path: `${ENDPOINTS.commands}?wait=1000`,
      body: { protocolVersion: PROTOCOL_VERSION, id: commandId, command },
      schema: commandReplySchema,
      timeoutMs: 30_000,
    });
    op = sent.operation;
  }
  op = await follow(ctx, source.name, source, op);
  if (op.status === "failed")
    throw new AppError("UNAVAILABLE", `${source.name}: ${op.error?.message ?? "the migration failed"}`, {
      reason: op.error?.code ?? "agent-failed",
    });
  const result = migrationResultSchema.parse(op.result);
  await db.$transaction(async (tx) => {
    await tx.container.update({
      where: { id: c.id },
      data: {
        nodeId: target.id,
        ctid: result.ctid,
        status: result.running ? "RUNNING" : "STOPPED",
        hasDrift: false,
        lastSyncedAt: new Date(),
        ...(result.running ? { startedAt: new Date() } : {}),
      },
      select: { id: true },
    });
    await recordAuditEvent({
      tx,
      actor: SYSTEM_ACTOR,
      action: "container.migrated",
      result: "success",
      targetType: "container",
      targetId: c.id,
      tenantId: c.tenantId,
      details: {
        from: source.name,
        to: target.name,
        ctid: result.ctid,
        mode: result.mode,
        downtimeMs: result.downtimeMs,
      },
    });
  });
  const sent = result.passes.reduce((a, p) => a + p.sentBytes, 0);
  await ctx.log(
    `Moved to ${target.name} as CT ${result.ctid} in ${(result.totalMs / 1000).toFixed(1)} s, ${(sent / 1048576).toFixed(1)} MiB sent in ${result.passes.length} pass(es).`,
  );
  if (result.downtimeMs !== null)
    await ctx.log(`Measured downtime: ${(result.downtimeMs / 1000).toFixed(2)} s (${result.mode}).`);
  for (const w of result.warnings) await ctx.log(`Warning: ${w}`, "warn");
  return {
    nodeId: target.id,
    ctid: result.ctid,
    mode: result.mode,
    downtimeMs: result.downtimeMs,
    totalMs: result.totalMs,
    sentBytes: sent,
  };
};
