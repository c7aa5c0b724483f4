// The browser console's whole path against a bare pty on the host: keystroke echo round trip (p50, p95)
// and output throughput. Path: websocket client (as the browser) → panel /ws/console → agent → lxc-attach
// in a pty → and back. Goals (issue 5): echo p95 ≤ 15 ms; throughput ≥ 30 MB/s.
//   bench/panel-console [keystrokes=300] [megabytes=100]       (root; after `npm run build`)
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { promisify } from "node:util";
import * as pty from "node-pty";
import WebSocket from "ws";
import { BIN, cleanupTestEnv, makeTestEnv, type TestEnv } from "../agent/test/helpers";
import { createTestDatabase } from "../lib/testing/test-db";

const KEYS = Number(process.argv[2] ?? 300);
const MB = Number(process.argv[3] ?? 100);
const execFileP = promisify(execFile);
const testDb = createTestDatabase();
process.env.NEXTAUTH_SECRET = "bench-only-secret-0123456789abcdef0123456789";
const ADMIN = { email: "bench@berth.local", password: "Bench-password-123" };
const { db } = await import("../lib/db");
const { SYSTEM_ACTOR } = await import("../lib/auth/actor");
const { ensureFirstAdmin } = await import("../lib/users/ensure-first-admin");
const { createNode } = await import("../lib/nodes/create-node");
const { importNodeTemplates } = await import("../lib/templates/import-node-templates");
const { createContainer } = await import("../lib/containers/create-container");
const { processTask } = await import("../lib/tasks/worker");

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });

/** A byte stream with "wait until this text has arrived" and byte counting. */
class Stream {
  private text = "";
  bytes = 0;
  private waiters: { needle: string; resolve: () => void }[] = [];
  push(chunk: Buffer | string): void {
    // Only the tail is decoded and searched: the bench must not be slower than what it measures.
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    this.bytes += buf.length;
    this.text = (this.text + buf.subarray(-256).toString("latin1")).slice(-512);
    if (this.waiters.length === 0) return;
    for (const w of this.waiters.splice(0)) {
      if (this.text.includes(w.needle)) w.resolve();
      else this.waiters.push(w);
    }
  }
  until(needle: string, timeoutMs = 60_000): Promise<void> {
    if (this.text.includes(needle)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${needle}`)), timeoutMs);
      this.waiters.push({
        needle,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }
  reset(): void {
    this.text = "";
  }
}

async function measure(
  label: string,
  write: (s: string) => void,
  out: Stream,
): Promise<{ p50: number; p95: number; mbps: number }> {
  write("export PS1='$ '; echo READY-$((1+1))\r");
  await out.until("READY-2");
  const times: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    out.reset();
    const t0 = performance.now();
    write("a");
    await out.until("a", 5000);
    times.push(performance.now() - t0);
    if (i % 50 === 49) {
      write("\u0015"); // ^U: clear the line
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  write("\u0015\r");
  out.reset();
  const start = out.bytes;
  const t0 = performance.now();
  write(`yes | head -c ${MB * 1_000_000}; echo T-$((6*7))\r`);
  await out.until("T-42", 300_000);
  const seconds = (performance.now() - t0) / 1000;
  const mbps = (out.bytes - start) / 1e6 / seconds;
  console.log(
    `  ${label.padEnd(34)} echo p50 ${pct(times, 50).toFixed(2).padStart(6)} ms  p95 ${pct(times, 95).toFixed(2).padStart(6)} ms   output ${mbps.toFixed(1).padStart(6)} MB/s`,
  );
  return { p50: pct(times, 50), p95: pct(times, 95), mbps };
}

let env: TestEnv | undefined;
let panel: ChildProcess | undefined;
let agent: ChildProcess | undefined;
try {
  await ensureFirstAdmin(ADMIN);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  panel = spawn("node", ["--conditions=react-server", "--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXTAUTH_URL: base,
      BERTH_BACKGROUND_JOBS: "0",
    },
    stdio: "ignore",
    detached: true,
  });
  for (
    let i = 0;
    i < 100 &&
    !(await fetch(`${base}/login`)
      .then((r) => r.ok)
      .catch(() => false));
    i++
  )
    await new Promise((r) => setTimeout(r, 300));

  env = await makeTestEnv();
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
    await new Promise((r) => setTimeout(r, 200));
  }
  await db.node.update({
    where: { id: node.id },
    data: { status: "ONLINE", memoryMb: 16384, diskFreeMb: 100_000 },
  });
  const plan = await db.plan.create({
    data: { name: "basic", ramMb: 256, diskspaceMb: 256, diskspaceLimitMb: 256 },
  });
  await db.ipPool.create({
    data: { name: "p", cidr: "10.231.203.0/24", ipVersion: 4, nodes: { create: { nodeId: node.id } } },
  });
  const tenant = await db.tenant.create({ data: { name: "T" } });
  const template = await db.osTemplate.findFirstOrThrow();
  const made = await createContainer({
    actor: SYSTEM_ACTOR,
    input: {
      tenantId: tenant.id,
      nodeId: node.id,
      templateId: template.id,
      planId: plan.id,
      hostname: "bench.example.com",
    },
  });
  await processTask(made.task.id);

  // Sign in as the browser would, then open the console socket with the session cookie and our Origin.
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const csrfCookie = (csrf.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" }),
  });
  const session = (login.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(";")[0])
    .find((c) => c?.includes("session-token"));
  const ws = new WebSocket(
    `ws://127.0.0.1:${port}/ws/console?container=${made.container.id}&cols=120&rows=40`,
    {
      headers: { cookie: `${csrfCookie}; ${session}`, origin: base },
    },
  );
  const viaPanel = new Stream();
  ws.on("message", (data, isBinary) => {
    if (isBinary) viaPanel.push(data as Buffer);
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  console.log(`console: ${KEYS} keystrokes, ${MB} MB of output, loopback`);
  const through = await measure(
    "browser path (panel → agent → pty)",
    (s) => ws.send(Buffer.from(s), { binary: true }),
    viaPanel,
  );
  ws.close();

  // The agent alone: a ticket from the node and its console socket, without the panel in between.
  const { callAgent } = await import("../lib/nodes/agent-client");
  const { getAgentEndpoint } = await import("../lib/tasks/run-agent-command");
  const { consoleTicketReplySchema, ENDPOINTS } = await import("../agent/protocol");
  const endpoint = await getAgentEndpoint(node.id);
  const ticket = await callAgent(endpoint, {
    method: "POST",
    path: ENDPOINTS.consoleTickets,
    body: { ctid: made.container.ctid, cols: 120, rows: 40 },
    schema: consoleTicketReplySchema,
  });
  const direct = new WebSocket(`ws://127.0.0.1:${agentPort}${ticket.path}`);
  const viaAgent = new Stream();
  direct.on("message", (data, isBinary) => {
    if (isBinary) viaAgent.push(data as Buffer);
  });
  await new Promise((resolve, reject) => {
    direct.once("open", resolve);
    direct.once("error", reject);
  });
  await measure("agent alone (agent → pty)", (s) => direct.send(Buffer.from(s), { binary: true }), viaAgent);
  direct.close();

  const bare = new Stream();
  const shell = pty.spawn("/bin/sh", [], {
    name: "xterm-256color",
    cols: 120,
    rows: 40,
    env: { ...process.env, PS1: "$ " } as Record<string, string>,
  });
  shell.onData((d) => bare.push(d));
  const local = await measure("bare pty on the host (/bin/sh)", (s) => shell.write(s), bare);
  shell.kill();
  console.log(
    `  ratio echo p95 ${(through.p95 / local.p95).toFixed(1)}x (goal: p95 <= 15 ms), throughput ${(through.mbps / local.mbps).toFixed(2)}x (goal: >= 30 MB/s)`,
  );
} finally {
  agent?.kill("SIGKILL");
  if (panel?.pid) process.kill(-panel.pid, "SIGTERM");
  await cleanupTestEnv(env);
  await db.$disconnect();
  testDb.cleanup();
}
process.exit(0);
