import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/** Drain (disable) or re-enable a node: a disabled node gets no new containers; its own keep running. */
export async function setNodeDisabled(options: {
  actor: UserActor;
  nodeId: string;
  isDisabled: boolean;
  ip?: string;
}) {
  const { actor, nodeId, isDisabled } = options;
  authorize(actor, "node.manage", { type: "node", id: nodeId });
  await db.$transaction(async (tx) => {
    const res = await tx.node.updateMany({ where: { id: nodeId }, data: { isDisabled } });
    if (res.count !== 1)
      throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
    await recordAuditEvent({
      tx,
      actor,
      action: isDisabled ? "node.disable" : "node.enable",
      result: "success",
      targetType: "node",
      targetId: nodeId,
      ip: options.ip,
    });
  });
}
