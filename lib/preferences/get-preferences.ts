import "server-only";
import { cookies, headers } from "next/headers";
import { getActor } from "../auth/get-actor";
import {
  createTranslator,
  isLocale,
  LOCALE_COOKIE,
  type Locale,
  matchLocale,
  type Translate,
} from "../i18n/messages";
import { isTheme, THEME_COOKIE, type Theme } from "./preferences";

/** The request's language: the signed-in user's choice, else the cookie, else Accept-Language. */
export async function getLocale(): Promise<Locale> {
  const actor = await getActor();
  if (actor && isLocale(actor.locale)) return actor.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return matchLocale((await headers()).get("accept-language"));
}

export async function getTheme(): Promise<Theme> {
  const value = (await cookies()).get(THEME_COOKIE)?.value;
  return isTheme(value) ? value : "system";
}

export async function getTranslator(): Promise<{ locale: Locale; t: Translate }> {
  const locale = await getLocale();
  return { locale, t: createTranslator(locale) };
}
