import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter an e-mail address like name@example.com.").max(254));

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(256),
  // Either a 6-digit authenticator code or a recovery code; empty when the account has no second factor.
  totp: z.string().trim().max(32).optional().default(""),
});

export type SignInInput = z.input<typeof signInSchema>;
