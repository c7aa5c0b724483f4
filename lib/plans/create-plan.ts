import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import { planNameTaken } from "./plan-name-taken";
import { planInputSchema } from "./schemas";

export async function createPlan(options: { actor: Actor; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "plan.manage", null);
  const data = parseInput(planInputSchema, options.input);
  try {
    return await db.$transaction(async (tx) => {
      const plan = await tx.plan.create({ data, select: { id: true, name: true } });
      await recordAuditEvent({
        tx,
        actor,
        action: "plan.create",
        result: "success",
        targetType: "plan",
        targetId: plan.id,
        ip: options.ip,
        details: data,
      });
      return plan;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw planNameTaken(data.name);
    throw err;
  }
}
