"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { applyPlanToContainers } from "@/lib/plans/apply-plan-to-containers";
import { createPlan } from "@/lib/plans/create-plan";
import { deletePlan } from "@/lib/plans/delete-plan";
import { toPlanFormValues } from "@/lib/plans/plan-form-values";
import { proposeNodeSplit } from "@/lib/plans/propose-node-split";
import { updatePlan } from "@/lib/plans/update-plan";

// Server actions take anything a client sends: ids are forced to strings, the rest is parsed by lib/.

export async function createPlanAction(input: Record<string, string>) {
  const res = await runAction(async () =>
    createPlan({ actor: await requireActor(), input, ip: await getRequestIp() }),
  );
  if (res.ok) revalidatePath("/admin/plans");
  return res;
}

export async function updatePlanAction(planId: string, input: Record<string, string>) {
  const res = await runAction(async () =>
    updatePlan({ actor: await requireActor(), planId: String(planId), input, ip: await getRequestIp() }),
  );
  if (res.ok) revalidatePath("/admin/plans", "layout");
  return res;
}

export async function deletePlanAction(planId: string) {
  const res = await runAction(async () =>
    deletePlan({ actor: await requireActor(), planId: String(planId), ip: await getRequestIp() }),
  );
  if (res.ok) revalidatePath("/admin/plans");
  return res;
}

export async function proposeSplitAction(input: { nodeId: string; count: string }) {
  return runAction(async () => {
    const proposal = await proposeNodeSplit({ actor: await requireActor(), input });
    return {
      nodeName: proposal.node.name,
      count: proposal.count,
      reservedMemoryMb: proposal.reservedMemoryMb,
      reservedDiskMb: proposal.reservedDiskMb,
      values: toPlanFormValues({ ...proposal.plan, name: proposal.suggestedName }),
    };
  });
}

export async function applyPlanAction(planId: string, containerIds: string[]) {
  const res = await runAction(async () =>
    applyPlanToContainers({
      actor: await requireActor(),
      planId: String(planId),
      input: { containerIds },
      ip: await getRequestIp(),
    }),
  );
  if (res.ok) revalidatePath(`/admin/plans/${encodeURIComponent(String(planId))}`);
  return res;
}
