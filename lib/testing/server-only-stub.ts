// Vitest runs lib/ modules outside React Server Components; the real "server-only" package throws there.
export {};
