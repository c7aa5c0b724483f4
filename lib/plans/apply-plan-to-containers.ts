import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError, isAppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { enqueueTask } from "../tasks/enqueue-task";
import { applyPlanInputSchema } from "./schemas";

export type ApplyPlanResult = {
  containerId: string;
  ctid: number | null;
  hostname: string | null;
  nodeName: string | null;
} & ({ ok: true; taskId: string } | { ok: false; error: string; reason?: string });

/**
 * Queues one "container.apply-plan" task per selected container using the plan: how a plan change reaches
 * containers, never silently. Each container is its own outcome: one with a task already queued or running
 * is reported (enqueueTask's CONFLICT) and the others still get theirs.
 */
export async function applyPlanToContainers(options: {
  actor: Actor;
  planId: string;
  input: unknown;
  ip?: string;
}): Promise<ApplyPlanResult[]> {
  const { actor } = options;
  authorize(actor, "plan.manage", { type: "plan", id: options.planId });
  const { containerIds } = parseInput(applyPlanInputSchema, options.input);
  const plan = await db.plan.findUnique({ where: { id: options.planId }, select: { id: true, name: true } });
  if (!plan) throw new AppError("NOT_FOUND", "That plan no longer exists. Go back to the list of plans.");
  const containers = await db.container.findMany({
    where: { id: { in: [...new Set(containerIds)] } },
    select: {
      id: true,
      ctid: true,
      hostname: true,
      tenantId: true,
      nodeId: true,
      planId: true,
      node: { select: { name: true } },
    },
  });
  const byId = new Map(containers.map((c) => [c.id, c]));
  const results: ApplyPlanResult[] = [];
  for (const containerId of new Set(containerIds)) {
    const c = byId.get(containerId);
    const who = {
      containerId,
      ctid: c?.ctid ?? null,
      hostname: c?.hostname ?? null,
      nodeName: c?.node.name ?? null,
    };
    try {
      authorize(actor, "container.set-limits", {
        type: "container",
        id: containerId,
        tenantId: c?.tenantId ?? null,
      });
      if (!c) throw new AppError("NOT_FOUND", "This container no longer exists.");
      if (c.planId !== plan.id) {
        throw new AppError(
          "CONFLICT",
          `CTID ${c.ctid} no longer uses plan ${plan.name}. Change its plan on the container's page instead.`,
          { reason: "not-on-plan" },
        );
      }
      const task = await enqueueTask({
        actor,
        type: "container.apply-plan",
        containerId: c.id,
        nodeId: c.nodeId,
        tenantId: c.tenantId,
        input: { planId: plan.id },
        ip: options.ip,
      });
      results.push({ ...who, ok: true, taskId: task.id });
    } catch (err) {
      if (!isAppError(err)) throw err;
      results.push({ ...who, ok: false, error: err.message, reason: err.reason });
    }
  }
  return results;
}
