// The REST API under load: 50 concurrent clients for 60 s mixing list / get / start / stop on 200 real
// containers of one real node (agent + LXC on this machine), through the production panel over HTTP.
// Goal (issue 6): no 5xx; p95 of reads ≤ 100 ms. Prints p50/p95/p99 per operation and status counts.
//   bench/panel-api-load [clients=50] [seconds=60] [containers=200]
// Needs `npm run build` (SQLite) first. Own temporary database, port, agent data dir; all removed after.
// Clients: a fifth are admin billing-style clients (any container), the rest customers of 10 tenants
// (their tenant's containers), each with its own API token. The per-token request budget is raised for
// the run (BERTH_API_RATE_PER_MINUTE), so the figures are the panel's, not the limiter's.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { BIN, cleanupTestEnv, makeTestEnv, type TestEnv } from "../agent/test/helpers";
import { createTestDatabase } from "../lib/testing/test-db";

const CLIENTS = Number(process.argv[2] ?? 50);
const SECONDS = Number(process.argv[3] ?? 60);
const CONTAINERS = Number(process.argv[4] ?? 200);
const TENANTS = 10;
const root = path.resolve(import.meta.dirname, "..");
const execFileP = promisify(execFile);

const testDb = createTestDatabase();
process.env.NEXTAUTH_SECRET = "bench-only-secret-0123456789abcdef0123456789";
const { db } = await import("../lib/db");
const { SYSTEM_ACTOR } = await import("../lib/auth/actor");
const { createNode } = await import("../lib/nodes/create-node");
const { importNodeTemplates } = await import("../lib/templates/import-node-templates");
const { createApiToken } = await import("../lib/api-tokens/create-api-token");

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
/** User + system CPU time of a process so far, from /proc (ms). */
function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

type UserRow = { id: string; email: string; role: "ADMIN" | "CUSTOMER"; tenantId: string | null };
async function tokenFor(u: UserRow, scopes: string[]): Promise<string> {
  const actor = {
    kind: "user" as const,
    userId: u.id,
    email: u.email,
    name: u.email,
    role: u.role,
    tenantId: u.tenantId,
    locale: "en",
    isDisabled: false,
  };
  return (await createApiToken({ actor, input: { name: "bench", scopes, expiresInDays: "" } })).secret;
}

let env: TestEnv | undefined;
let agent: ChildProcess | undefined;
let panel: ChildProcess | undefined;
try {
  env = await makeTestEnv();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // BERTH_BENCH_PROFILE=<dir>: the panel writes a V8 CPU profile there when it exits (open it in Chrome's
  // DevTools, Performance → Load profile).
  const profile = process.env.BERTH_BENCH_PROFILE
    ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(process.env.BERTH_BENCH_PROFILE)]
    : [];
  panel = spawn("node", [...profile, "--conditions=react-server", "--import", "tsx", "server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXTAUTH_URL: base,
      BERTH_API_RATE_PER_MINUTE: "1000000",
      BERTH_API_RATE_BURST: "100000",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${base}/login`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await sleep(300);
  }

  // One real node, joined through the panel's own join endpoint.
  const agentPort = await freePort();
  const { joinToken, node } = await createNode({ actor: SYSTEM_ACTOR, input: { name: "bench" } });
  await execFileP("node", [BIN, "join", base, joinToken, "--agent-url", `http://127.0.0.1:${agentPort}`], {
    env: env.env,
  });
  agent = spawn("node", [BIN, "serve", "--listen", `127.0.0.1:${agentPort}`, "--insecure-http"], {
    env: env.env,
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    if (await importNodeTemplates({ actor: SYSTEM_ACTOR, nodeId: node.id }).catch(() => null)) break;
    await sleep(200);
  }
  for (let i = 0; i < 100; i++) {
    const n = await db.node.findUniqueOrThrow({ where: { id: node.id }, select: { status: true } });
    if (n.status === "ONLINE") break;
    await sleep(200);
  }
  const template = await db.osTemplate.findFirstOrThrow({ select: { id: true } });
  const plan = await db.plan.create({
    data: { name: "bench", ramMb: 64, swapMb: 0, numproc: 64, diskspaceMb: 32, diskspaceLimitMb: 32 },
  });
  await db.ipPool.create({
    data: { name: "bench", cidr: "10.231.205.0/24", ipVersion: 4, nodes: { create: { nodeId: node.id } } },
  });
  const admin = await db.user.create({
    data: { email: "bench-admin@berth.local", name: "Bench", role: "ADMIN", passwordHash: "-" },
  });
  const tenants = [];
  for (let i = 0; i < TENANTS; i++) {
    const tenant = await db.tenant.create({ data: { name: `bench-tenant-${i}` } });
    const user = await db.user.create({
      data: {
        email: `c${i}@bench.local`,
        name: `C${i}`,
        role: "CUSTOMER",
        passwordHash: "-",
        tenantId: tenant.id,
      },
    });
    tenants.push({ tenant, user });
  }
  const adminToken = await tokenFor(admin, ["read", "operate", "provision", "admin"]);

  // The 200 containers, created through the API (stopped; the load starts and stops them).
  const t0 = performance.now();
  const tasks: string[] = [];
  const byTenant = new Map<string, string[]>();
  for (let i = 0; i < CONTAINERS; i++) {
    const tenantId = tenants[i % TENANTS]?.tenant.id as string;
    const res = await fetch(`${base}/api/v1/containers`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        tenantId,
        planId: plan.id,
        templateId: template.id,
        hostname: `vps${i}.bench.test`,
        start: false,
      }),
    });
    const body = (await res.json()) as { container: { id: string }; task: { id: string } };
    if (res.status !== 201) throw new Error(`create ${i}: ${res.status} ${JSON.stringify(body)}`);
    tasks.push(body.task.id);
    byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), body.container.id]);
  }
  for (;;) {
    const open = await db.task.count({ where: { id: { in: tasks }, status: { in: ["QUEUED", "RUNNING"] } } });
    if (open === 0) break;
    await sleep(500);
  }
  const failed = await db.task.count({ where: { id: { in: tasks }, status: "FAILED" } });
  for (const f of await db.task.findMany({
    where: { id: { in: tasks }, status: "FAILED" },
    select: { error: true },
    take: 3,
  }))
    console.log(`  create failed: ${f.error?.slice(0, 300)}`);
  console.log(
    `${CONTAINERS} containers created through the API and made on the node in ${((performance.now() - t0) / 1000).toFixed(1)} s (${failed} failed)`,
  );
  const allIds = [...byTenant.values()].flat();

  // The load.
  const clients = [];
  for (let c = 0; c < CLIENTS; c++) {
    const isAdmin = c % 5 === 0;
    const t = tenants[c % TENANTS] as (typeof tenants)[number];
    const token = isAdmin ? adminToken : await tokenFor({ ...t.user, role: "CUSTOMER" }, ["read", "operate"]);
    clients.push({ token, ids: isAdmin ? allIds : (byTenant.get(t.tenant.id) ?? []) });
  }
  type Op = "list" | "get" | "start" | "stop";
  const latency: Record<Op, number[]> = { list: [], get: [], start: [], stop: [] };
  const statuses = new Map<string, number>();
  const panelCpu0 = processCpuMs(panel.pid);
  const benchCpu0 = process.cpuUsage();
  const deadline = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() < deadline) {
        const r = Math.random();
        const op: Op = r < 0.4 ? "list" : r < 0.8 ? "get" : r < 0.9 ? "start" : "stop";
        const id = client.ids[Math.floor(Math.random() * client.ids.length)];
        const url =
          op === "list"
            ? `${base}/api/v1/containers?limit=50`
            : op === "get"
              ? `${base}/api/v1/containers/${id}`
              : `${base}/api/v1/containers/${id}/${op}`;
        const t1 = performance.now();
        const res = await fetch(url, {
          method: op === "list" || op === "get" ? "GET" : "POST",
          headers: { authorization: `Bearer ${client.token}` },
        });
        await res.arrayBuffer();
        latency[op].push(performance.now() - t1);
        const key = `${op} ${res.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const panelCpu = processCpuMs(panel.pid) - panelCpu0;
  const benchCpuUsage = process.cpuUsage(benchCpu0);
  const benchCpu = (benchCpuUsage.user + benchCpuUsage.system) / 1000;
  const total = Object.values(latency).reduce((n, xs) => n + xs.length, 0);
  console.log(
    `${CLIENTS} clients for ${elapsed.toFixed(0)} s: ${total} requests (${(total / elapsed).toFixed(0)}/s); ` +
      `API threads: ${process.env.BERTH_API_THREADS ?? `default (${Math.min(4, Math.max(0, cpus().length - 1))})`}`,
  );
  console.log(
    `  CPU per request: panel ${(panelCpu / total).toFixed(2)} ms (${((100 * panelCpu) / (elapsed * 1000)).toFixed(0)}% of a core), load generator ${(benchCpu / total).toFixed(2)} ms (${((100 * benchCpu) / (elapsed * 1000)).toFixed(0)}%), ${cpus().length} cores`,
  );
  for (const op of ["list", "get", "start", "stop"] as Op[]) {
    const xs = latency[op];
    console.log(
      `  ${op.padEnd(6)} n=${String(xs.length).padStart(6)}  p50 ${pct(xs, 50).toFixed(1).padStart(6)} ms  p95 ${pct(xs, 95).toFixed(1).padStart(6)} ms  p99 ${pct(xs, 99).toFixed(1).padStart(6)} ms`,
    );
  }
  const reads = [...latency.list, ...latency.get];
  const fivexx = [...statuses].filter(([k]) => /\s5\d\d$/.test(k)).reduce((n, [, v]) => n + v, 0);
  console.log(
    `  statuses: ${[...statuses]
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ")}`,
  );
  console.log(`  reads p95 ${pct(reads, 95).toFixed(1)} ms (goal ≤ 100 ms); 5xx: ${fivexx} (goal 0)`);
  // Let the queued start/stop tasks finish, then count what the node did.
  const settleStart = Date.now();
  while (Date.now() - settleStart < 120_000) {
    if ((await db.task.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } })) === 0) break;
    await sleep(500);
  }
  const done = await db.task.groupBy({
    by: ["type", "status"],
    where: { type: { in: ["container.start", "container.stop"] } },
    _count: { _all: true },
  });
  console.log(
    `  tasks on the node: ${done.map((d) => `${d.type} ${d.status}: ${d._count._all}`).join(", ")}`,
  );
  const failures = await db.task.groupBy({
    by: ["type", "error"],
    where: { status: "FAILED" },
    _count: { _all: true },
  });
  for (const f of failures) console.log(`  failed ${f.type} ×${f._count._all}: ${f.error?.slice(0, 300)}`);
  if (fivexx > 0) process.exitCode = 1;
} finally {
  if (panel?.pid) {
    try {
      process.kill(-panel.pid, "SIGTERM");
    } catch {}
  }
  agent?.kill("SIGKILL");
  await sleep(500);
  await cleanupTestEnv(env);
  await db.$disconnect();
  testDb.cleanup();
}
process.exit();
