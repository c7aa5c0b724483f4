import { z } from "zod";

const optionalCap = z
  .union([z.literal(""), z.coerce.number().int("Use a whole number.").min(0, "Use 0 or more.")])
  .optional()
  .transform((v) => (v === "" || v === undefined ? null : v));

export const createTenantSchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, "Use at least 2 characters.")
    .max(100, "Use at most 100 characters.")
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} .,&'()_-]*$/u, "Use letters, digits, spaces and . , & ' ( ) _ - only."),
  maxContainers: optionalCap,
  maxRamMb: optionalCap,
  maxDiskMb: optionalCap,
});
