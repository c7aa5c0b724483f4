import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors/app-error";
import { createJoinToken, getJoinCommand } from "./join-token";

/** A fresh join token for a node that has not joined yet (the old one stops working). */
export async function renewJoinToken(options: { actor: Actor; nodeId: string; ip?: string }) {
  const { actor } = options;
  authorize(actor, "node.manage", { type: "node", id: options.nodeId });
  const node = await db.node.findUnique({
    where: { id: options.nodeId },
    select: { id: true, status: true },
  });
  if (!node) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  if (node.status !== "PENDING") {
    throw new AppError(
      "CONFLICT",
      "This node has already joined. Remove it and add it again to re-enrol the host.",
    );
  }
  const join = createJoinToken();
  await db.$transaction(async (tx) => {
    await tx.node.update({
      where: { id: node.id },
      data: { joinTokenHash: join.hash, joinTokenExpiresAt: join.expiresAt },
      select: { id: true },
    });
    await recordAuditEvent({
      tx,
      actor,
      action: "node.renew-join-token",
      result: "success",
      targetType: "node",
      targetId: node.id,
      ip: options.ip,
    });
  });
  return {
    joinToken: join.token,
    expiresAt: join.expiresAt,
    joinCommand: getJoinCommand(getEnv().NEXTAUTH_URL, join.token),
  };
}
