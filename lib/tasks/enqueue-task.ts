import "server-only";
import { randomBytes } from "node:crypto";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { isUniqueViolation } from "../errors/prisma-errors";
import type { Prisma } from "../generated/prisma/client";

export type EnqueueTaskInput = {
  actor: Actor;
  /** e.g. container.create, container.start, container.apply-plan, node.sync, template.transfer */
  type: string;
  containerId?: string | null;
  nodeId?: string | null;
  tenantId?: string | null;
  input?: Record<string, unknown>;
  ip?: string;
  /** Run inside the caller's transaction (the change that needs the task and the task land together). */
  tx?: Prisma.TransactionClient;
};

/** The command id sent to the agent: its idempotency key, fixed when the task is queued. */
export function newCommandId(): string {
  return `t-${randomBytes(12).toString("base64url")}`;
}

/**
 * Queues a task for the worker (lib/tasks). A container has at most one queued or running task: the
 * task's lockKey is the container id while it is active, and the unique index refuses a second one.
 */
export async function enqueueTask(options: EnqueueTaskInput) {
  const { actor } = options;
  const client = options.tx ?? db;
  try {
    const task = await client.task.create({
      data: {
        type: options.type,
        containerId: options.containerId ?? null,
        nodeId: options.nodeId ?? null,
        tenantId: options.tenantId ?? null,
        lockKey: options.containerId ?? null,
        commandId: newCommandId(),
        input: JSON.stringify(options.input ?? {}),
        actorKind: actor.kind === "user" ? (actor.tokenId ? "TOKEN" : "USER") : "SYSTEM",
        actorId: actor.kind === "user" ? actor.userId : null,
        actorLabel: actor.kind === "user" ? actor.email : "system",
      },
      select: { id: true, type: true, status: true, commandId: true },
    });
    await recordAuditEvent({
      tx: options.tx,
      actor,
      action: options.type,
      result: "success",
      targetType: options.containerId ? "container" : options.nodeId ? "node" : undefined,
      targetId: options.containerId ?? options.nodeId ?? undefined,
      tenantId: options.tenantId,
      ip: options.ip,
      details: { taskId: task.id, ...(options.input ?? {}) },
    });
    return task;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError(
        "CONFLICT",
        "This container already has a task queued or running. Wait for it to finish (see its Tasks tab), then try again.",
        { reason: "container-busy" },
      );
    }
    throw err;
  }
}
