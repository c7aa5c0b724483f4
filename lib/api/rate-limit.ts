// Per-token request budget for /api/v1: a token bucket per key, in this panel process's memory. Pure
// apart from the clock, so tests drive it with their own times.

export type RateLimitOptions = { perMinute: number; burst: number };

type Bucket = { tokens: number; updatedAt: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Takes one request from the key's budget: 0 when allowed, else seconds until one is available. */
  take(key: string, now = Date.now()): number {
    const { perMinute, burst } = this.options;
    const ratePerMs = perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    b.tokens = Math.min(burst, b.tokens + (now - b.updatedAt) * ratePerMs);
    b.updatedAt = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.prune(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000));
  }

  private prune(now: number): void {
    const fullAfterMs = (this.options.burst / this.options.perMinute) * 60_000;
    for (const [k, b] of this.buckets) if (now - b.updatedAt > fullAfterMs) this.buckets.delete(k);
  }
}
