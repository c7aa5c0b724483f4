import "server-only";
import { z } from "zod";
import { db } from "../db";

// Panel-wide settings kept in the Setting table as JSON, each with a schema and a default.
export const SETTING_SCHEMAS = {
  requireAdminTotp: z.boolean(),
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTING_SCHEMAS)[K]>;

const DEFAULTS: { [K in SettingKey]: SettingValue<K> } = {
  requireAdminTotp: false,
};

export async function getSetting<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
  const row = await db.setting.findUnique({ where: { key }, select: { value: true } });
  if (!row) return DEFAULTS[key];
  const parsed = SETTING_SCHEMAS[key].safeParse(JSON.parse(row.value));
  return (parsed.success ? parsed.data : DEFAULTS[key]) as SettingValue<K>;
}
