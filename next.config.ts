import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The test suite builds into its own folder so it never disturbs a running panel's build.
  distDir: process.env.BERTH_DIST_DIR ?? ".next",
  // Native and WASM modules stay as plain Node requires on the server.
  serverExternalPackages: [
    "@node-rs/argon2",
    "better-sqlite3",
    "pg",
    "node-pty",
    "@prisma/adapter-better-sqlite3",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
