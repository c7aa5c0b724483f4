import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/** Deletes a plan no container uses. A plan in use is refused, naming a few of its containers. */
export async function deletePlan(options: { actor: Actor; planId: string; ip?: string }) {
  const { actor } = options;
  authorize(actor, "plan.manage", { type: "plan", id: options.planId });
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({
      where: { id: options.planId },
      select: {
        id: true,
        name: true,
        _count: { select: { containers: true } },
        containers: {
          take: 3,
          orderBy: { ctid: "asc" },
          select: { ctid: true, node: { select: { name: true } } },
        },
      },
    });
    if (!plan) throw new AppError("NOT_FOUND", "That plan no longer exists. Go back to the list of plans.");
    if (plan._count.containers > 0) throw inUse(plan.name, plan._count.containers, plan.containers);
    // The condition is in the delete itself, so a container given this plan since the read above is
    // not left pointing at nothing (Container.plan would otherwise be set to null silently).
    const deleted = await tx.plan.deleteMany({ where: { id: plan.id, containers: { none: {} } } });
    if (deleted.count !== 1) throw inUse(plan.name, 1, []);
    await recordAuditEvent({
      tx,
      actor,
      action: "plan.delete",
      result: "success",
      targetType: "plan",
      targetId: plan.id,
      ip: options.ip,
      details: { name: plan.name },
    });
    return { id: plan.id, name: plan.name };
  });
}

function inUse(name: string, count: number, examples: { ctid: number; node: { name: string } }[]): AppError {
  const list = examples.map((c) => `CTID ${c.ctid} on ${c.node.name}`).join(", ");
  const more = count > examples.length && examples.length > 0 ? ", …" : "";
  return new AppError(
    "CONFLICT",
    `Plan ${name} is used by ${count} container${count === 1 ? "" : "s"}${list ? ` (${list}${more})` : ""}. Move them to another plan first, then delete it.`,
    { reason: "plan-in-use" },
  );
}
