// Sign-in throttling: per account and per source IP, over a sliding window of failed attempts since the
// last success. Pure so it can be tested without a database; lib/auth/verify-sign-in.ts feeds it rows.

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

/**
 * Milliseconds until another attempt is allowed, or 0. `failures` are the times (ms) of failed attempts
 * inside the window, newest first.
 */
export function getLockoutMs(
  failures: number[],
  max: number,
  now: number,
  windowMs = LOGIN_WINDOW_MS,
): number {
  const recent = failures.filter((t) => now - t < windowMs).sort((a, b) => b - a);
  if (recent.length < max) return 0;
  // Allowed again once the max-th newest failure leaves the window.
  const pivot = recent[max - 1] as number;
  return Math.max(0, pivot + windowMs - now);
}
