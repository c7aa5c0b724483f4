// Display preferences: language and colour theme. Language is stored on the user (and in a cookie for the
// sign-in page); theme only in a cookie, since it belongs to a device rather than a person.
export const THEMES = ["light", "dark", "system"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = "berth-theme";

export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value);
}
