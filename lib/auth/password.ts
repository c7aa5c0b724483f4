import "server-only";
import { type Algorithm, hash, verify } from "@node-rs/argon2";
import { AppError } from "../errors/app-error";

// argon2id with OWASP's minimum profile (19 MiB, t=2, p=1): ~40 ms on our 2-core hosts.
// 2 is Algorithm.Argon2id (an ambient const enum, which isolatedModules cannot read).
const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// A hash of a random string: verifying against it for unknown e-mails makes "no such user" take as long
// as "wrong password", so response times do not reveal which e-mails have accounts.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (passwordHash === null) {
    dummyHash ??= hashPassword(crypto.randomUUID());
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Strength rules for a password a person chose. Throws VALIDATION with what to change. */
export function assertPasswordStrength(password: string, field = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("VALIDATION", `Use at least ${MIN_PASSWORD_LENGTH} characters.`, { field });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError("VALIDATION", `Use at most ${MAX_PASSWORD_LENGTH} characters.`, { field });
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3 && password.length < 20) {
    throw new AppError(
      "VALIDATION",
      "Mix at least three of: lower case, upper case, digits, symbols (or use 20+ characters).",
      { field },
    );
  }
}

/** A random password for first-run admins and generated root passwords: 20 characters, ~119 bits. */
export function generatePassword(length = 20): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  // 256 % 57 bias is below 1%; acceptable for generated passwords of this length.
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}
