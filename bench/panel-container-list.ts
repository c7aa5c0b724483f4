// The container list with 10,000 containers in the database: the query behind the page (lib's
// listContainers) and the page itself over HTTP from a production build, p50/p95 of each.
// Goal (issue 4): p95 ≤ 100 ms for the list; the page interactive in ≤ 1 s.
//   bench/panel-container-list [containers=10000] [requests=200]
// Needs `npm run build` (SQLite) first. Uses its own temporary database and port; removes them after.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const COUNT = Number(process.argv[2] ?? 10_000);
const REQUESTS = Number(process.argv[3] ?? 200);
const PORT = 3197;
const dir = mkdtempSync(path.join(tmpdir(), "berth-bench-list-"));
const url = `file:${dir}/bench.db`;
process.env.DATABASE_URL = url;
process.env.NEXTAUTH_SECRET = "bench-only-secret-0123456789abcdef0123456789";
const ADMIN = { email: "bench@berth.local", password: "Bench-password-123" };

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function seed(): Promise<void> {
  execFileSync(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/db.ts"), "recreate"], {
    env: process.env,
    stdio: "ignore",
  });
  const { db } = await import("../lib/db");
  const { ensureFirstAdmin } = await import("../lib/users/ensure-first-admin");
  await ensureFirstAdmin(ADMIN);
  const nodes = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      db.node.create({ data: { name: `n${i}`, agentUrl: "", status: "ONLINE" } }),
    ),
  );
  const tenants = await Promise.all(
    Array.from({ length: 200 }, (_, i) => db.tenant.create({ data: { name: `tenant-${i}` } })),
  );
  const plan = await db.plan.create({
    data: { name: "basic", ramMb: 512, diskspaceMb: 10240, diskspaceLimitMb: 10240 },
  });
  const statuses = ["RUNNING", "RUNNING", "RUNNING", "STOPPED", "UNKNOWN"] as const;
  for (let start = 0; start < COUNT; start += 1000) {
    await db.container.createMany({
      data: Array.from({ length: Math.min(1000, COUNT - start) }, (_, k) => {
        const i = start + k;
        return {
          nodeId: (nodes[i % nodes.length] as { id: string }).id,
          ctid: 101 + Math.floor(i / nodes.length),
          tenantId: (tenants[i % tenants.length] as { id: string }).id,
          planId: plan.id,
          hostname: `vps${i}.example.com`,
          status: statuses[i % statuses.length],
          ramMb: 512,
          diskspaceMb: 10240,
          diskspaceLimitMb: 10240,
        };
      }),
    });
  }
}

async function benchQuery(): Promise<void> {
  const { listContainers } = await import("../lib/containers/list-containers");
  const actor = { kind: "system" as const };
  const shapes = [
    { label: "first page, newest", query: {} },
    { label: "page 100, by CTID", query: { page: 100, sort: "ctid" } },
    { label: "search host name", query: { q: "vps77" } },
    { label: "status filter", query: { status: "STOPPED", sort: "hostname" } },
  ];
  for (const shape of shapes) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      await listContainers({ actor, query: shape.query });
      times.push(performance.now() - t0);
    }
    console.log(
      `  query  ${shape.label.padEnd(22)} p50 ${pct(times, 50).toFixed(1).padStart(6)} ms   p95 ${pct(times, 95).toFixed(1).padStart(6)} ms`,
    );
  }
}

async function signIn(base: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const cookie = (csrfRes.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" }),
  });
  const session = (res.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(";")[0])
    .find((c) => c?.includes("session-token"));
  if (!session) throw new Error("bench sign-in failed");
  return `${cookie}; ${session}`;
}

/** In Chromium: from navigation start until the list is drawn and React has hydrated (a click works). */
async function benchBrowser(base: string): Promise<void> {
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel("E-mail").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/admin$/);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await page.goto(`${base}/admin/containers?page=${1 + i}`, { waitUntil: "commit" });
      await page.getByRole("table", { name: "Containers" }).waitFor();
      // Interactive: the language switch is a client component; it is enabled once React has hydrated.
      await page.getByLabel("Language").first().waitFor({ state: "visible" });
      await page.waitForFunction(() => document.readyState === "complete");
      times.push(performance.now() - t0);
    }
    console.log(
      `  browser list page interactive          p50 ${pct(times, 50).toFixed(0).padStart(6)} ms   max ${Math.max(
        ...times,
      )
        .toFixed(0)
        .padStart(6)} ms   (goal <= 1000 ms)`,
    );
  } finally {
    await browser.close();
  }
}

async function benchPage(): Promise<void> {
  const base = `http://127.0.0.1:${PORT}`;
  const server: ChildProcess = spawn("node", ["--conditions=react-server", "--import", "tsx", "server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NEXTAUTH_URL: base,
      BERTH_BACKGROUND_JOBS: "0",
    },
    stdio: "ignore",
    detached: true,
  });
  try {
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${base}/login`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const cookie = await signIn(base);
    const times: number[] = [];
    for (let i = 0; i < Math.min(REQUESTS, 100); i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/admin/containers?page=${1 + (i % 50)}&sort=ctid`, {
        headers: { cookie },
      });
      const html = await res.text();
      times.push(performance.now() - t0);
      if (!html.includes("vps")) throw new Error(`page ${res.status} did not list containers`);
    }
    console.log(
      `  page   /admin/containers (SSR)    p50 ${pct(times, 50).toFixed(1).padStart(6)} ms   p95 ${pct(times, 95).toFixed(1).padStart(6)} ms`,
    );
    await benchBrowser(base);
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  }
}

try {
  const t0 = performance.now();
  await seed();
  console.log(
    `container list with ${COUNT} containers (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s), ${REQUESTS} requests each`,
  );
  await benchQuery();
  await benchPage();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
