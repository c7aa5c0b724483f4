import "server-only";
import { z } from "zod";
import { forgetCachedApiTokens } from "../api/authenticate-api-request";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { queuePowerForSuspension } from "../containers/queue-power-for-suspension";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";

export const suspendReasonSchema = z.object({
  reason: z.string().trim().max(200, "Use at most 200 characters.").default(""),
});

/**
 * Suspends a tenant (e.g. for non-payment) or lifts the suspension. Suspended: its customers can sign in
 * and read, every action is refused (lib/auth/authorize.ts), and its running containers are stopped.
 * Lifted: containers marked to start on boot, and not suspended one by one, are started again.
 */
export async function setTenantSuspended(options: {
  actor: UserActor;
  tenantId: string;
  suspended: boolean;
  input?: unknown;
  ip?: string;
}) {
  const { actor, suspended } = options;
  authorize(actor, "tenant.manage", { type: "tenant", id: options.tenantId });
  const { reason } = parseInput(suspendReasonSchema, options.input ?? {});
  const tenant = await db.tenant.findUnique({
    where: { id: options.tenantId },
    select: { id: true, status: true },
  });
  if (!tenant) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  await db.$transaction(async (tx) => {
    await tx.tenant.update({
      where: { id: tenant.id },
      data: suspended
        ? { status: "SUSPENDED", suspendedReason: reason || null }
        : { status: "ACTIVE", suspendedReason: null },
    });
    await recordAuditEvent({
      tx,
      actor,
      action: suspended ? "tenant.suspend" : "tenant.unsuspend",
      result: "success",
      targetType: "tenant",
      targetId: tenant.id,
      tenantId: tenant.id,
      ip: options.ip,
      details: suspended ? { reason } : {},
    });
  });
  forgetCachedApiTokens();
  const containers = await db.container.findMany({
    where: suspended
      ? { tenantId: tenant.id, status: { in: ["RUNNING", "UNKNOWN"] } }
      : { tenantId: tenant.id, status: "STOPPED", onboot: true, isSuspended: false },
    select: { id: true, nodeId: true, tenantId: true, ctid: true, hostname: true },
  });
  const busy: string[] = [];
  let queued = 0;
  for (const c of containers) {
    const res = await queuePowerForSuspension(actor, c, suspended ? "stop" : "start", options.ip);
    if (res === "busy") busy.push(c.hostname);
    else queued++;
  }
  return { status: suspended ? ("SUSPENDED" as const) : ("ACTIVE" as const), queued, busy };
}
