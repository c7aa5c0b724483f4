import { createHash, randomBytes } from "node:crypto";

// An API token is "berth_" + 32 random bytes (base64url). Only its sha256 is stored; the first characters
// are kept as a prefix so a user can tell tokens apart in lists and logs.
const TOKEN_PATTERN = /^berth_[A-Za-z0-9_-]{43}$/;

export function newApiTokenSecret(): { secret: string; prefix: string; hash: string } {
  const secret = `berth_${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, 12), hash: hashApiTokenSecret(secret) };
}

export function hashApiTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
