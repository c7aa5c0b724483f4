import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { PLAN_VALUE_KEYS, PLAN_VALUES_SELECT } from "./plan-select";

/** How many containers of a plan the plan page lists; the count says when there are more. */
const CONTAINERS_SHOWN = 500;

/**
 * A plan with the containers using it, each marked with whether its limits still equal the plan's (they
 * differ after the plan changed, until the plan is applied to it) and whether it has a task in progress.
 */
export async function getPlan(options: { actor: Actor; planId: string }) {
  authorize(options.actor, "plan.manage", { type: "plan", id: options.planId });
  const plan = await db.plan.findUnique({
    where: { id: options.planId },
    select: {
      id: true,
      name: true,
      description: true,
      createdAt: true,
      updatedAt: true,
      ...PLAN_VALUES_SELECT,
      _count: { select: { containers: true } },
      containers: {
        orderBy: [{ node: { name: "asc" } }, { ctid: "asc" }],
        take: CONTAINERS_SHOWN,
        select: {
          id: true,
          ctid: true,
          hostname: true,
          status: true,
          ...PLAN_VALUES_SELECT,
          node: { select: { name: true } },
          tenant: { select: { name: true } },
          // lockKey is set exactly while a task is queued or running (see lib/tasks/enqueue-task.ts).
          tasks: {
            where: { lockKey: { not: null } },
            take: 1,
            select: { id: true, type: true, status: true },
          },
        },
      },
    },
  });
  if (!plan) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const containers = plan.containers.map(({ tasks, ...c }) => ({
    id: c.id,
    ctid: c.ctid,
    hostname: c.hostname,
    status: c.status,
    nodeName: c.node.name,
    tenantName: c.tenant.name,
    matchesPlan: PLAN_VALUE_KEYS.every((k) => c[k] === plan[k]),
    activeTask: tasks[0] ?? null,
  }));
  const { containers: _omit, _count, ...rest } = plan;
  return { ...rest, containerCount: _count.containers, containers };
}
