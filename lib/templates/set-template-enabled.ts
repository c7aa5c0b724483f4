import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/** A disabled template stays in the catalogue (and on nodes) but is not offered for new containers. */
export async function setTemplateEnabled(options: {
  actor: Actor;
  templateId: string;
  isEnabled: boolean;
  ip?: string;
}) {
  const { actor, templateId, isEnabled } = options;
  authorize(actor, "template.manage", { type: "template", id: templateId });
  return db.$transaction(async (tx) => {
    const res = await tx.osTemplate.updateMany({ where: { id: templateId }, data: { isEnabled } });
    if (res.count !== 1)
      throw new AppError("NOT_FOUND", "That template no longer exists. Go back to the list of templates.");
    await recordAuditEvent({
      tx,
      actor,
      action: isEnabled ? "template.enable" : "template.disable",
      result: "success",
      targetType: "template",
      targetId: templateId,
      ip: options.ip,
    });
    return { id: templateId, isEnabled };
  });
}
