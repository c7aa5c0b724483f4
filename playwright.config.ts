import { defineConfig, devices } from "@playwright/test";

// e2e against a real server.ts (production build), a real database and Debian's Chromium.
// scripts/test-all prepares the database and build and sets the variables below.
const port = Number(process.env.BERTH_E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
const databaseUrl = process.env.DATABASE_URL ?? "file:./.berth/test/e2e.db";

// Tests create and change data: refuse to run against anything but a local database (dub's guard).
if (!/^file:|^postgres(ql)?:\/\/[^@]*@(127\.0\.0\.1|localhost)[:/]/.test(databaseUrl)) {
  throw new Error(
    `e2e tests refuse DATABASE_URL ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}: use a local test database`,
  );
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.BERTH_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    // react-server: server.ts imports lib/ modules marked "server-only" (the worker, the console socket).
    command: "node --conditions=react-server --import tsx server.ts",
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-only-secret-0123456789abcdef0123456789",
      BERTH_DIST_DIR: process.env.BERTH_DIST_DIR ?? ".next-test",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
