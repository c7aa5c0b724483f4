import "server-only";
import type { Actor } from "../auth/actor";
import { authorize, getTenantScope } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { PLAN_VALUES_SELECT } from "./plan-select";

/**
 * One plan's limits (MiB, percent of one CPU, Mbit/s, as the plan stores them), for any signed-in actor:
 * plans are catalogue data. Only admins get the number of containers using it (null for customers).
 */
export async function getPlanLimits(options: { actor: Actor; planId: string }) {
  authorize(options.actor, "plan.read", { type: "plan", id: options.planId });
  const plan = await db.plan.findUnique({
    where: { id: options.planId },
    select: {
      id: true,
      name: true,
      description: true,
      createdAt: true,
      ...PLAN_VALUES_SELECT,
      _count: { select: { containers: true } },
    },
  });
  if (!plan) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const { _count, ...rest } = plan;
  return { ...rest, containerCount: getTenantScope(options.actor) === null ? _count.containers : null };
}
