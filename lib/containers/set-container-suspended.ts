import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { parseInput } from "../errors/parse-input";
import { suspendReasonSchema } from "../tenants/set-tenant-suspended";
import { getAuthorizedContainer } from "./get-container";
import { queuePowerForSuspension } from "./queue-power-for-suspension";

/**
 * Suspends one container (e.g. one unpaid service of a customer) or lifts it. Suspended: stopped, and
 * start, console and every customer action refuse until lifted. Lifted: started again if it starts on
 * boot and its tenant is not suspended.
 */
export async function setContainerSuspended(options: {
  actor: Actor;
  containerId: string;
  suspended: boolean;
  input?: unknown;
  ip?: string;
}) {
  const { actor, suspended } = options;
  const c = await getAuthorizedContainer({
    actor,
    containerId: options.containerId,
    action: "container.suspend",
  });
  const { reason } = parseInput(suspendReasonSchema, options.input ?? {});
  await db.$transaction(async (tx) => {
    await tx.container.update({ where: { id: c.id }, data: { isSuspended: suspended } });
    await recordAuditEvent({
      tx,
      actor,
      action: suspended ? "container.suspend" : "container.unsuspend",
      result: "success",
      targetType: "container",
      targetId: c.id,
      tenantId: c.tenantId,
      ip: options.ip,
      details: suspended ? { reason } : {},
    });
  });
  const row = await db.container.findUniqueOrThrow({
    where: { id: c.id },
    select: { status: true, onboot: true, tenant: { select: { status: true } } },
  });
  let power: "queued" | "busy" | "none" = "none";
  if (suspended && (row.status === "RUNNING" || row.status === "UNKNOWN"))
    power = await queuePowerForSuspension(actor, c, "stop", options.ip);
  if (!suspended && row.status === "STOPPED" && row.onboot && row.tenant.status === "ACTIVE")
    power = await queuePowerForSuspension(actor, c, "start", options.ip);
  return { isSuspended: suspended, power };
}
