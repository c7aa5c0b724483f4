import { z } from "zod";
import type { Scope } from "../auth/permissions";

export const API_TOKEN_SCOPES = ["read", "operate", "provision", "admin"] as const satisfies readonly Scope[];

/** Scopes a customer's token may carry: nothing a customer's role could not do anyway. */
export const CUSTOMER_TOKEN_SCOPES: readonly Scope[] = ["read", "operate"];

export const createApiTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the token a name, e.g. the system that will use it.")
    .max(80, "Use at most 80 characters."),
  scopes: z
    .array(z.enum(API_TOKEN_SCOPES, "Scopes are read, operate, provision and admin."))
    .min(1, "Choose at least one scope.")
    .transform((s) => [...new Set(s)]),
  expiresInDays: z
    .union([
      z.literal(""),
      z.coerce
        .number()
        .int("Use a whole number of days.")
        .min(1, "Use 1 day or more, or leave empty for no expiry.")
        .max(3650, "Use at most 3650 days."),
    ])
    .optional()
    .transform((v) => (v === "" || v === undefined ? null : v)),
});
