import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedContainer } from "./get-container";

/** Queues moving a container to another plan: its limits become the plan's, live and saved. */
export async function changeContainerPlan(options: {
  actor: Actor;
  containerId: string;
  planId: string;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.set-limits",
  });
  const plan = await db.plan.findUnique({
    where: { id: options.planId },
    select: { id: true, name: true, ramMb: true, diskspaceLimitMb: true },
  });
  if (!plan) throw new AppError("VALIDATION", "Choose one of the plans in the list.", { field: "planId" });
  const tenant = await db.tenant.findUnique({
    where: { id: c.tenantId },
    select: { name: true, maxRamMb: true, maxDiskMb: true },
  });
  const others = await db.container.aggregate({
    where: { tenantId: c.tenantId, id: { not: c.id } },
    _sum: { ramMb: true, diskspaceLimitMb: true },
  });
  if (tenant?.maxRamMb != null && (others._sum.ramMb ?? 0) + plan.ramMb > tenant.maxRamMb) {
    throw new AppError(
      "VALIDATION",
      `Tenant ${tenant.name} would exceed its RAM cap of ${tenant.maxRamMb} MiB with plan ${plan.name}.`,
      {
        field: "planId",
        reason: "tenant-cap",
      },
    );
  }
  if (
    tenant?.maxDiskMb != null &&
    (others._sum.diskspaceLimitMb ?? 0) + plan.diskspaceLimitMb > tenant.maxDiskMb
  ) {
    throw new AppError(
      "VALIDATION",
      `Tenant ${tenant.name} would exceed its disk cap of ${tenant.maxDiskMb} MiB with plan ${plan.name}.`,
      {
        field: "planId",
        reason: "tenant-cap",
      },
    );
  }
  return enqueueTask({
    actor: options.actor,
    type: "container.apply-plan",
    containerId: c.id,
    nodeId: c.nodeId,
    tenantId: c.tenantId,
    ip: options.ip,
    input: { ctid: c.ctid, hostname: c.hostname, planId: plan.id, plan: plan.name },
  });
}
