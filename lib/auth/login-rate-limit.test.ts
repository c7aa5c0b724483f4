import { describe, expect, it } from "vitest";
import { getLockoutMs, LOGIN_WINDOW_MS } from "./login-rate-limit";

describe("getLockoutMs", () => {
  const now = 1_000_000_000;
  it("allows attempts below the limit", () => {
    expect(getLockoutMs([now - 1000, now - 2000], 5, now)).toBe(0);
  });
  it("locks at the limit until the oldest counted failure leaves the window", () => {
    const failures = [1, 2, 3, 4, 5].map((m) => now - m * 60_000);
    expect(getLockoutMs(failures, 5, now)).toBe(LOGIN_WINDOW_MS - 5 * 60_000);
  });
  it("ignores failures older than the window", () => {
    const failures = [1, 2, 3, 4].map((m) => now - m * 60_000).concat([now - LOGIN_WINDOW_MS - 1]);
    expect(getLockoutMs(failures, 5, now)).toBe(0);
  });
});
