import "server-only";
import { z } from "zod";
import { forgetCachedApiTokens } from "../api/authenticate-api-request";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { LOCALES } from "../i18n/messages";
import { THEMES } from "./preferences";

export const preferencesSchema = z.object({
  locale: z.enum(LOCALES).optional(),
  theme: z.enum(THEMES).optional(),
});

/** Saves the signed-in user's language (theme lives in a cookie set by the caller). */
export async function updateUserPreferences(options: {
  actor: UserActor | null;
  input: unknown;
}): Promise<z.infer<typeof preferencesSchema>> {
  const parsed = preferencesSchema.safeParse(options.input);
  if (!parsed.success) throw new AppError("VALIDATION", "Choose one of the offered languages and themes.");
  const { actor } = options;
  if (actor && parsed.data.locale) {
    authorize(actor, "profile.update", { type: "user", id: actor.userId, tenantId: actor.tenantId });
    await db.user.update({
      where: { id: actor.userId },
      data: { locale: parsed.data.locale },
      select: { id: true },
    });
    forgetCachedApiTokens();
  }
  return parsed.data;
}
