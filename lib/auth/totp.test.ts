import { describe, expect, it } from "vitest";
import { createRecoveryCodes, createTotpSecret, generateTotpCode, getTotpUri, verifyTotpCode } from "./totp";

describe("TOTP", () => {
  const secret = createTotpSecret();
  const now = Date.UTC(2026, 10, 26, 12, 0, 0);

  it("accepts the current code and returns its step", () => {
    const step = verifyTotpCode(secret, generateTotpCode(secret, now), null, now);
    expect(step).toBe(Math.floor(now / 30_000));
  });

  it("accepts one step of clock skew and refuses two", () => {
    expect(verifyTotpCode(secret, generateTotpCode(secret, now - 30_000), null, now)).not.toBeNull();
    expect(verifyTotpCode(secret, generateTotpCode(secret, now - 90_000), null, now)).toBeNull();
  });

  it("never accepts the same code twice", () => {
    const code = generateTotpCode(secret, now);
    const step = verifyTotpCode(secret, code, null, now);
    expect(verifyTotpCode(secret, code, step, now + 1000)).toBeNull();
  });

  it("refuses malformed codes", () => {
    expect(verifyTotpCode(secret, "12345", null, now)).toBeNull();
    expect(verifyTotpCode(secret, "abcdef", null, now)).toBeNull();
  });

  it("makes an otpauth URI authenticator apps read", () => {
    const uri = getTotpUri(secret, "admin@example.test");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Berth:admin%40example\.test\?/);
    expect(uri).toContain(`secret=${secret}`);
  });

  it("makes distinct recovery codes", () => {
    const codes = createRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  });
});
