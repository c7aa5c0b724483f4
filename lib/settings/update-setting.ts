import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { SETTING_SCHEMAS, type SettingKey } from "./settings";

export async function updateSetting(options: {
  actor: UserActor;
  key: SettingKey;
  value: unknown;
  ip?: string;
}): Promise<void> {
  const { actor, key } = options;
  authorize(actor, "settings.manage", { type: "setting", id: key });
  const parsed = SETTING_SCHEMAS[key].safeParse(options.value);
  if (!parsed.success) throw new AppError("VALIDATION", `Invalid value for ${key}.`, { field: key });
  if (key === "requireAdminTotp" && parsed.data === true) {
    // Turning the policy on without a factor of one's own would lock the admin out of every admin page.
    const me = await db.user.findUnique({ where: { id: actor.userId }, select: { totpEnabledAt: true } });
    if (!me?.totpEnabledAt) {
      throw new AppError(
        "CONFLICT",
        "Enrol your own authenticator on the Account page before turning this on.",
        {
          field: key,
          reason: "enrol-first",
        },
      );
    }
  }
  const value = JSON.stringify(parsed.data);
  await db.$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key },
      create: { key, value },
      update: { value },
      select: { key: true },
    });
    await recordAuditEvent({
      tx,
      actor,
      action: "settings.update",
      result: "success",
      targetType: "setting",
      targetId: key,
      ip: options.ip,
      details: { value: parsed.data },
    });
  });
}
