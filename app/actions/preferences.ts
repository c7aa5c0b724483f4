"use server";

import { cookies } from "next/headers";
import { getActor } from "@/lib/auth/get-actor";
import { LOCALE_COOKIE } from "@/lib/i18n/messages";
import { THEME_COOKIE } from "@/lib/preferences/preferences";
import { updateUserPreferences } from "@/lib/preferences/update-preferences";

const YEAR = 365 * 24 * 60 * 60;

export async function savePreferences(input: { locale?: string; theme?: string }): Promise<{ ok: boolean }> {
  try {
    const saved = await updateUserPreferences({ actor: await getActor(), input });
    const jar = await cookies();
    const opts = { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: YEAR };
    if (saved.locale) jar.set(LOCALE_COOKIE, saved.locale, opts);
    if (saved.theme) jar.set(THEME_COOKIE, saved.theme, opts);
    return { ok: true };
  } catch {
    return { ok: false };
  }
}
