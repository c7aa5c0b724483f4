import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { PLAN_VALUES_SELECT } from "./plan-select";

export async function listPlans(options: { actor: Actor }) {
  authorize(options.actor, "plan.read", null);
  return db.plan.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      ...PLAN_VALUES_SELECT,
      _count: { select: { containers: true } },
    },
  });
}
