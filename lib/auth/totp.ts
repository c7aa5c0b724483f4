import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";

// RFC 6238 TOTP as every authenticator app expects: SHA-1, 6 digits, 30 s. One step of clock skew allowed.
const PERIOD = 30;

export function createTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function getTotpUri(secretBase32: string, accountEmail: string, issuer = "Berth"): string {
  return new TOTP({
    issuer,
    label: accountEmail,
    secret: Secret.fromBase32(secretBase32),
    period: PERIOD,
  }).toString();
}

/**
 * Returns the 30 s step the code belongs to, or null. A step at or before `lastStep` is refused, so a code
 * seen once (shoulder-surfed, replayed) cannot be used again.
 */
export function verifyTotpCode(
  secretBase32: string,
  code: string,
  lastStep: number | null,
  now: number = Date.now(),
): number | null {
  const clean = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(clean)) return null;
  const totp = new TOTP({ secret: Secret.fromBase32(secretBase32), period: PERIOD });
  const delta = totp.validate({ token: clean, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** The current code, for tests and for showing nothing else. */
export function generateTotpCode(secretBase32: string, now: number = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), period: PERIOD }).generate({ timestamp: now });
}

/** Ten one-time recovery codes like `7f3k-q9x2-m4c8`. */
export function createRecoveryCodes(count = 10): string[] {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function normalizeRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/\s+/g, "");
}
