import "server-only";
import { forgetCachedApiTokens } from "../api/authenticate-api-request";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { db } from "../db";
import { getManagedUser } from "./get-managed-user";

/** Disables (or re-enables) a user. Disabling ends their sessions at once and refuses their API tokens. */
export async function setUserDisabled(options: {
  actor: UserActor;
  userId: string;
  isDisabled: boolean;
  ip?: string;
}) {
  const user = await getManagedUser(options);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: {
        isDisabled: options.isDisabled,
        ...(options.isDisabled ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: { id: true },
    });
    await recordAuditEvent({
      tx,
      actor: options.actor,
      action: options.isDisabled ? "user.disable" : "user.enable",
      result: "success",
      targetType: "user",
      targetId: user.id,
      tenantId: user.tenantId,
      ip: options.ip,
      details: { email: user.email },
    });
  });
  forgetCachedApiTokens();
}
