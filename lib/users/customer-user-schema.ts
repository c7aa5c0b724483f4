import { z } from "zod";
import { emailSchema } from "../auth/schemas";

/** A customer user made together with their tenant (provisioning); the role and tenant are implied. */
export const customerUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  // Empty: the panel generates one and returns it once.
  password: z.string().max(256).optional().default(""),
});
