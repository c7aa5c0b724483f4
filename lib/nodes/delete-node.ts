import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/**
 * Removes a node from the panel, only when it has no containers (migrate or destroy them first) and no backups
 * with copies in the remote store; its other backups go with it.
 */
export async function deleteNode(options: { actor: UserActor; nodeId: string; ip?: string }) {
  const { actor, nodeId } = options;
  authorize(actor, "node.manage", { type: "node", id: nodeId });
  const node = await db.node.findUnique({
    where: { id: nodeId },
    select: { name: true, _count: { select: { containers: true } } },
  });
  if (!node) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  if (node._count.containers > 0) {
    throw new AppError(
      "CONFLICT",
      `Node ${node.name} still has ${node._count.containers} container(s). Migrate or destroy them, then remove the node.`,
    );
  }
  // A backup row goes with its node (its archive is on the node); one with a copy in the remote store would
  // take the only record of that copy with it.
  const copied = await db.backup.count({ where: { nodeId, remoteKey: { not: null } } });
  if (copied > 0) {
    throw new AppError(
      "CONFLICT",
      `Node ${node.name} made ${copied} backup(s) whose copies are in the remote store. Delete those backups (Backups page), then remove the node.`,
    );
  }
  await db.$transaction(async (tx) => {
    await tx.task.updateMany({ where: { nodeId }, data: { nodeId: null } });
    await tx.node.delete({ where: { id: nodeId } });
    await recordAuditEvent({
      tx,
      actor,
      action: "node.delete",
      result: "success",
      targetType: "node",
      targetId: nodeId,
      ip: options.ip,
      details: { name: node.name },
    });
  });
}
