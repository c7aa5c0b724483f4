import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import { planNameTaken } from "./plan-name-taken";
import { PLAN_VALUES_SELECT } from "./plan-select";
import { planInputSchema } from "./schemas";

/**
 * Changes a plan. Containers using it keep their limits: a change reaches a container only when an admin
 * applies the plan to it (applyPlanToContainers), as a task they can follow.
 */
export async function updatePlan(options: { actor: Actor; planId: string; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "plan.manage", { type: "plan", id: options.planId });
  const data = parseInput(planInputSchema, options.input);
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.plan.findUnique({
        where: { id: options.planId },
        select: { name: true, description: true, ...PLAN_VALUES_SELECT },
      });
      if (!before)
        throw new AppError("NOT_FOUND", "That plan no longer exists. Go back to the list of plans.");
      const plan = await tx.plan.update({
        where: { id: options.planId },
        data,
        select: { id: true, name: true, _count: { select: { containers: true } } },
      });
      const changed = Object.fromEntries(
        (Object.keys(data) as (keyof typeof data)[])
          .filter((k) => before[k] !== data[k])
          .map((k) => [k, { from: before[k], to: data[k] }]),
      );
      await recordAuditEvent({
        tx,
        actor,
        action: "plan.update",
        result: "success",
        targetType: "plan",
        targetId: plan.id,
        ip: options.ip,
        details: { name: plan.name, changed },
      });
      return { id: plan.id, name: plan.name, containerCount: plan._count.containers };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw planNameTaken(data.name);
    throw err;
  }
}
