import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst, then refuses with the seconds until the next request is allowed", () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 });
    const t = 1_000_000;
    expect([limiter.take("a", t), limiter.take("a", t), limiter.take("a", t)]).toEqual([0, 0, 0]);
    expect(limiter.take("a", t)).toBe(1);
    // Another token has its own budget.
    expect(limiter.take("b", t)).toBe(0);
    // One request per second comes back.
    expect(limiter.take("a", t + 1000)).toBe(0);
    expect(limiter.take("a", t + 1000)).toBe(1);
  });

  it("reports a longer wait for a slower budget", () => {
    const limiter = new RateLimiter({ perMinute: 6, burst: 1 });
    expect(limiter.take("a", 0)).toBe(0);
    expect(limiter.take("a", 0)).toBe(10);
    expect(limiter.take("a", 5000)).toBe(5);
  });
});
