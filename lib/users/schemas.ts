import { z } from "zod";
import { emailSchema } from "../auth/schemas";

export const createUserSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
    role: z.enum(["ADMIN", "CUSTOMER"], "Choose administrator or customer."),
    tenantId: z.string().trim().max(64).optional().default(""),
    // Empty: the panel generates one and shows it once.
    password: z.string().max(256).optional().default(""),
  })
  .refine((u) => u.role === "ADMIN" || u.tenantId !== "", {
    message: "Choose the tenant this customer belongs to.",
    path: ["tenantId"],
  });
