import "server-only";
import { z } from "zod";
import { getTenantScope } from "../../auth/authorize";
import { getPlanLimits } from "../../plans/get-plan-limits";
import { listPlans } from "../../plans/list-plans";
import { defineApiRoute } from "../define-api-route";
import { planView, toPlanView } from "../views-admin";

const tag = "Plans";

export const listPlansRoute = defineApiRoute({
  method: "GET",
  path: "/plans",
  operationId: "listPlans",
  action: "plan.read",
  summary: "List plans (config samples) with their limits",
  tag,
  response: z.object({ data: z.array(planView) }).meta({ id: "PlanList" }),
  async handler({ actor }) {
    const rows = await listPlans({ actor });
    // How many containers use a plan is the provider's business, not a customer's.
    const isAdmin = getTenantScope(actor) === null;
    return { data: rows.map((p) => toPlanView(p, isAdmin ? p._count.containers : null)) };
  },
});

export const getPlanRoute = defineApiRoute({
  method: "GET",
  path: "/plans/{planId}",
  operationId: "getPlan",
  action: "plan.read",
  summary: "Get a plan with its limits",
  tag,
  params: z.object({ planId: z.string().min(1).max(64) }),
  response: planView,
  async handler({ actor, params }) {
    const plan = await getPlanLimits({ actor, planId: params.planId });
    return toPlanView(plan, plan.containerCount);
  },
});
