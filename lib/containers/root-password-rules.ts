import { z } from "zod";
import { AppError } from "../errors/app-error";

// Strength rules for a root password a person typed (generated ones are random and skip them).
// Pure and free of server-only imports: the form runs the same rules to explain a refusal before sending,
// but only the server's check counts.

export const ROOT_PASSWORD_MIN_LENGTH = 12;
export const ROOT_PASSWORD_MAX_LENGTH = 128;
/** From this length a passphrase of one or two character classes is accepted. */
const PASSPHRASE_LENGTH = 20;
const MIN_DISTINCT_CHARACTERS = 6;
/** The length left after each run of repeats or a sequence (aaa, 1234, dcba) counts as one character. */
const MIN_EFFECTIVE_LENGTH = 10;

export const ROOT_PASSWORD_PROBLEMS = [
  "too-short",
  "too-long",
  "control-characters",
  "few-classes",
  "repetitive",
  "common",
  "hostname",
] as const;
export type RootPasswordProblem = (typeof ROOT_PASSWORD_PROBLEMS)[number];

export const ROOT_PASSWORD_MESSAGES: Record<RootPasswordProblem, string> = {
  "too-short": `Use at least ${ROOT_PASSWORD_MIN_LENGTH} characters, or leave the field empty to generate a password.`,
  "too-long": `Use at most ${ROOT_PASSWORD_MAX_LENGTH} characters.`,
  "control-characters": "Use printable characters only (no line breaks or tabs).",
  "few-classes": `Mix at least three of: lower case, upper case, digits, symbols (or use ${PASSPHRASE_LENGTH}+ characters).`,
  repetitive: "Avoid repeated characters and sequences such as aaaa, 1234 or abcd.",
  common: "This is a well-known password with a few changes; attackers try those first. Choose another.",
  hostname: "Do not use the server's host name in its root password.",
};

// Bases of the passwords that credential-stuffing and SSH brute-force lists try first. A typed password
// whose letters, once decorations (digits and symbols around it, leetspeak) are removed, are one of these
// (or one repeated) is refused.
const COMMON_BASES = new Set([
  "password",
  "passwort",
  "passwd",
  "pass",
  "qwerty",
  "qwertz",
  "azerty",
  "qwertyuiop",
  "asdfgh",
  "asdfghjkl",
  "zxcvbnm",
  "letmein",
  "welcome",
  "admin",
  "administrator",
  "root",
  "toor",
  "changeme",
  "iloveyou",
  "monkey",
  "dragon",
  "master",
  "login",
  "secret",
  "default",
  "trustno",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "superman",
  "shadow",
  "abc",
  "test",
  "guest",
  "user",
  "server",
  "hosting",
  "ubuntu",
  "debian",
  "centos",
  "linux",
  "berth",
  "openvz",
  "vps",
]);

const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
};

function countClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/** Length with each run of 3+ equal characters, or of 3+ consecutive code points up or down, counted once. */
export function getEffectiveLength(password: string): number {
  const chars = Array.from(password.toLowerCase(), (c) => c.codePointAt(0) ?? 0);
  let length = 0;
  let i = 0;
  while (i < chars.length) {
    let end = i + 1;
    const step = end < chars.length ? (chars[end] ?? 0) - (chars[i] ?? 0) : 0;
    if (Math.abs(step) <= 1) {
      while (end < chars.length && (chars[end] ?? 0) - (chars[end - 1] ?? 0) === step) end++;
    }
    // A pair is ordinary text ("ss" in "pass"); only runs of three or more are predictable.
    if (end - i >= 3) {
      length += 1;
      i = end;
    } else {
      length += 1;
      i += 1;
    }
  }
  return length;
}

function isCommonBase(password: string): boolean {
  const trimmed = password.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, "");
  const base = Array.from(trimmed, (c) => LEET[c] ?? c)
    .join("")
    .replace(/[^a-z]/g, "");
  if (base === "") return true; // digits and symbols only: a PIN or a keyboard walk, not a password
  if (COMMON_BASES.has(base)) return true;
  // "passwordpassword", "rootroot": a common base repeated.
  for (const word of COMMON_BASES) {
    if (base.length % word.length === 0 && word.repeat(base.length / word.length) === base) return true;
  }
  return false;
}

/** The first rule a typed root password breaks, or null when it is acceptable. */
export function getRootPasswordProblem(
  password: string,
  context: { hostname?: string } = {},
): RootPasswordProblem | null {
  const length = Array.from(password).length;
  if (length < ROOT_PASSWORD_MIN_LENGTH) return "too-short";
  if (length > ROOT_PASSWORD_MAX_LENGTH) return "too-long";
  // Control characters never belong in a password; a line break would also end chpasswd's input line.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(password)) return "control-characters";
  if (countClasses(password) < 3 && length < PASSPHRASE_LENGTH) return "few-classes";
  if (new Set(password.toLowerCase()).size < MIN_DISTINCT_CHARACTERS) return "repetitive";
  if (getEffectiveLength(password) < MIN_EFFECTIVE_LENGTH) return "repetitive";
  if (isCommonBase(password)) return "common";
  const label = context.hostname?.toLowerCase().split(".")[0] ?? "";
  if (label.length >= 4 && password.toLowerCase().includes(label)) return "hostname";
  return null;
}

/** The rules as a zod schema: an issue carries the problem as `params.reason` for translated messages. */
export function rootPasswordSchema(context: { hostname?: string } = {}) {
  return z.string().superRefine((password, ctx) => {
    const problem = getRootPasswordProblem(password, context);
    if (problem) {
      ctx.addIssue({ code: "custom", message: ROOT_PASSWORD_MESSAGES[problem], params: { reason: problem } });
    }
  });
}

/**
 * Throws VALIDATION naming `field` when a typed root password breaks a rule. The reason is
 * "root-password.<problem>", so a form can show the message in the user's language.
 */
export function assertRootPassword(password: string, options: { hostname?: string; field: string }): void {
  const parsed = rootPasswordSchema({ hostname: options.hostname }).safeParse(password);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const reason = issue?.code === "custom" ? String(issue.params?.reason ?? "") : "";
  throw new AppError("VALIDATION", issue?.message ?? ROOT_PASSWORD_MESSAGES["too-short"], {
    field: options.field,
    reason: reason ? `root-password.${reason}` : undefined,
  });
}
