// The browser console's whole path against a bare pty on the host: keystroke echo round trip (p50, p95),
// output throughput, and the tab's JS heap during a flood. Goals (issue 5): echo p95 <= 15 ms; output
// >= 30 MB/s through the whole path with the tab's memory flat.
//   bench/panel-console [keystrokes=300] [megabytes=100]       (root; after `npm run build`)
//
// Rows, from the inside out, so each hop's cost shows:
//   bare pty on the host      node-pty reading /bin/sh on the host: what a pty costs at all
//   lxc-attach in a host pty  node-pty reading lxc-attach directly (no agent): the container path's ceiling
//   agent alone               a websocket client on the agent's console endpoint
//   panel, websocket level    a websocket client (as the browser, cookie + Origin) on the panel's /ws/console
//   browser (Chromium)        the real console page: bytes at the page's websocket, and, with the DOM
//                             renderer, until the end marker is drawn (xterm.js parsing included)
// Keystroke echo in the browser is measured twice: as Chromium ships, which after a key holds the page's
// other tasks (the websocket's messages too) until it has drawn the next frame (DeferRendererTasksAfterInput:
// a software-composited headless frame comes ~13 ms after the key here), and with that feature switched off,
// which leaves the path itself: key event, xterm.js, the page's socket, panel, agent, pty and back.
// Output is 77-byte lines (`yes <76 characters> | head -c N`), the shape of `base64 /dev/urandom`. Short lines
// are a kernel limit rather than ours (n_tty writes every translated newline to the pty on its own): a
// second table shows `yes` (2-byte lines) on the bare pty and through lxc-attach.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { promisify } from "node:util";
import * as pty from "node-pty";
import WebSocket from "ws";
import { BIN, cleanupTestEnv, makeTestEnv, type TestEnv } from "../agent/test/helpers";
import { createTestDatabase } from "../lib/testing/test-db";
import { BrowserConsole, type BrowserFlood, type HeapFigures, type KeyEcho } from "./panel-console-browser";
import { cpuByRole, cpuPerMb } from "./panel-console-cpu";

const KEYS = Number(process.argv[2] ?? 300);
const MB = Number(process.argv[3] ?? 100);
/** A third argument runs one part: `browser` (the page only) or `node` (every row but the browser's). */
const isBrowserOnly = process.argv[4] === "browser";
const isNodeOnly = process.argv[4] === "node";
const HEAP_FLOOD_MB = 200;
const SHORT_LINES_MB = 10;
const LINE = "Berth console flood test line: the quick brown fox jumps over the lazy dog 0123";
const floodCommand = (mb: number, marker: string) =>
  `yes '${LINE.slice(0, 76)}' | head -c ${mb * 1_000_000}; echo ${marker.replace("42", "$((6*7))")}`;
const shortLinesCommand = (mb: number, marker: string) =>
  `yes | head -c ${mb * 1_000_000}; echo ${marker.replace("42", "$((6*7))")}`;
const execFileP = promisify(execFile);
/** BENCH_CPU_PROF=<dir>: the panel and the agent write V8 CPU profiles there when they exit. */
const cpuProfArgs = process.env.BENCH_CPU_PROF
  ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
  : [];
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
  /** Reads (pty) or frames (websocket) so far. */
  chunks = 0;
  private waiters: { needle: string; resolve: () => void }[] = [];
  push(chunk: Buffer | string): void {
    // Only the tail is decoded and searched: the bench must not be slower than what it measures.
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    this.bytes += buf.length;
    this.chunks++;
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

/** Processes whose CPU time the bench reports, by role. */
const roles: { panel?: number; agent?: number } = {};

type Row = {
  label: string;
  p50?: number;
  p95?: number;
  mbps: number;
  shortMbps?: number;
  /** Average bytes per pty read or websocket frame during the flood. */
  chunkBytes?: number;
  cpu?: string;
};
type Shell = { label: string; write: (s: string) => void; out: Stream; close: () => void };

async function prepare(sh: Shell): Promise<void> {
  sh.write("export PS1='$ '; echo READY-$((1+1))\r");
  await sh.out.until("READY-2");
}

async function echo(sh: Shell): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    sh.out.reset();
    const t0 = performance.now();
    sh.write("a");
    await sh.out.until("a", 5000);
    times.push(performance.now() - t0);
    if (i % 50 === 49) {
      sh.write("\u0015"); // ^U: clear the line
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  sh.write("\u0015");
  await new Promise((r) => setTimeout(r, 50));
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

/** MB/s of terminal bytes received, from the Enter key until the end marker arrived; bytes per chunk; CPU. */
async function flood(
  sh: Shell,
  command: string,
  marker: string,
): Promise<{ mbps: number; chunkBytes: number; cpu: string }> {
  sh.out.reset();
  const start = { bytes: sh.out.bytes, chunks: sh.out.chunks, cpu: cpuByRole(roles) };
  const t0 = performance.now();
  sh.write(`${command}\r`);
  await sh.out.until(marker, 600_000);
  const bytes = sh.out.bytes - start.bytes;
  return {
    mbps: bytes / 1e6 / ((performance.now() - t0) / 1000),
    chunkBytes: bytes / Math.max(1, sh.out.chunks - start.chunks),
    cpu: cpuPerMb(start.cpu, cpuByRole(roles), bytes / 1e6),
  };
}

async function measureShell(sh: Shell, o: { isEcho?: boolean; isShortLines?: boolean } = {}): Promise<Row> {
  await prepare(sh);
  const e = o.isEcho === false ? {} : await echo(sh);
  const { mbps, chunkBytes, cpu } = await flood(sh, floodCommand(MB, "T-42"), "T-42");
  const shortMbps = o.isShortLines
    ? (await flood(sh, shortLinesCommand(SHORT_LINES_MB, "S-42"), "S-42")).mbps
    : undefined;
  sh.close();
  const row = { label: sh.label, ...e, mbps, shortMbps, chunkBytes, cpu };
  printRow(row);
  return row;
}

const f = (n: number | undefined, w: number, d = 2) =>
  (n === undefined || Number.isNaN(n) ? "-" : n.toFixed(d)).padStart(w);
function printRow(r: Row): void {
  console.log(
    `  ${r.label.padEnd(46)} ${f(r.p50, 7)} ${f(r.p95, 7)}  ${f(r.mbps, 7, 1)}${r.chunkBytes === undefined ? "" : `  ${(r.chunkBytes / 1024).toFixed(1).padStart(5)} KiB/read or frame`}${r.shortMbps === undefined ? "" : `  (2-byte lines: ${r.shortMbps.toFixed(1)} MB/s)`}`,
  );
  if (r.cpu) console.log(`  ${"".padEnd(46)} ${r.cpu}`);
}

function wsShell(label: string, ws: WebSocket): Shell {
  const out = new Stream();
  ws.on("message", (data, isBinary) => {
    if (isBinary) out.push(data as Buffer);
  });
  return { label, out, write: (s) => ws.send(Buffer.from(s), { binary: true }), close: () => ws.close() };
}

function ptyShell(label: string, file: string, args: string[], env: Record<string, string>): Shell {
  const out = new Stream();
  // encoding null: Buffers as they come, as the agent reads its pty.
  const p = pty.spawn(file, args, { name: "xterm-256color", cols: 120, rows: 40, env, encoding: null });
  // lxc-attach sets raw mode with TCSAFLUSH once it runs, dropping what was typed before: hold input until
  // the first output, as the agent does.
  let held: string[] | null = [];
  p.onData((d: string | Buffer) => {
    out.push(d);
    if (held) for (const s of held.splice(0)) p.write(s);
    held = null;
  });
  const write = (s: string) => (held ? held.push(s) : p.write(s));
  return { label, out, write, close: () => p.kill() };
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
}

let env: TestEnv | undefined;
let panel: ChildProcess | undefined;
let agent: ChildProcess | undefined;
try {
  await ensureFirstAdmin(ADMIN);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  panel = spawn("node", [...cpuProfArgs, "--conditions=react-server", "--import", "tsx", "server.ts"], {
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
  roles.panel = panel.pid;
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
  agent = spawn(
    "node",
    [...cpuProfArgs, BIN, "serve", "--listen", `127.0.0.1:${agentPort}`, "--insecure-http"],
    {
      env: env.env,
      stdio: "ignore",
    },
  );
  roles.agent = agent.pid;
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
    .find((c) => c?.includes("session-token")) as string;

  console.log(
    `console: ${KEYS} keystrokes; floods of ${MB} MB in 77-byte lines; loopback; ${(await import("node:os")).cpus().length} cores`,
  );
  console.log(
    `  ${"path".padEnd(46)} ${"echo p50".padStart(7)} ${"p95 ms".padStart(7)}  ${"MB/s".padStart(7)}`,
  );
  const rows: Row[] = [];
  let viaPanel: Row | undefined;
  if (!isBrowserOnly) {
    rows.push(
      await measureShell(
        ptyShell("bare pty on the host (/bin/sh)", "/bin/sh", [], {
          ...(process.env as Record<string, string>),
          PS1: "$ ",
        }),
        { isShortLines: true },
      ),
    );
    const attachArgs = await (env as TestEnv).driver.loginShellArgs(made.container.ctid, [
      "TERM=xterm-256color",
    ]);
    rows.push(
      await measureShell(
        ptyShell("lxc-attach in a host pty (no agent)", "lxc-attach", attachArgs, {
          PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin",
        }),
        { isShortLines: true },
      ),
    );

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
    const direct = new WebSocket(`ws://127.0.0.1:${agentPort}${ticket.path}`, { perMessageDeflate: false });
    const agentShell = wsShell("agent alone (ws client → agent → pty)", direct);
    await opened(direct);
    rows.push(await measureShell(agentShell, { isShortLines: true }));

    const ws = new WebSocket(
      `ws://127.0.0.1:${port}/ws/console?container=${made.container.id}&cols=120&rows=40`,
      { headers: { cookie: `${csrfCookie}; ${session}`, origin: base }, perMessageDeflate: false },
    );
    const panelShell = wsShell("panel, websocket level (ws client → panel → …)", ws);
    await opened(ws);
    viaPanel = await measureShell(panelShell);
    rows.push(viaPanel);
  }

  // The real page in Chromium, each renderer chosen in its Renderer select.
  const floods: (BrowserFlood & { choice: string; mb: number; cpu: string })[] = [];
  let browserEcho: KeyEcho | undefined;
  let undeferredEcho: KeyEcho | undefined;
  let socketEcho = { p50: 0, p95: 0 };
  let heap: HeapFigures | undefined;
  if (!isNodeOnly) {
    const browser = await BrowserConsole.open({ base, sessionCookie: session });
    try {
      // auto is what a user gets by default: WebGL on a GPU, DOM without one (as here, where Chromium's WebGL
      // is SwiftShader on the CPU). webgl forces WebGL, SwiftShader or not, so its cost shows too.
      for (const choice of ["auto", "webgl"] as const) {
        const page = await browser.page(`${base}/console/${made.container.id}`, choice);
        await page.prepare();
        const mb = choice === "auto" ? MB : Math.min(MB, 20);
        if (choice === "auto") {
          browserEcho = await page.echo(KEYS);
          socketEcho = await page.socketEcho(KEYS);
        }
        const cpuBefore = cpuByRole(roles);
        const r = await page.flood(floodCommand(mb, "T-42"), "T-42");
        const cpu = cpuPerMb(cpuBefore, cpuByRole(roles), r.bytes / 1e6);
        floods.push({ renderer: page.renderer, choice, mb, cpu, ...r });
        if (choice === "auto" && process.env.BERTH_BENCH_PROFILE === "1")
          for (const line of await page.profile(floodCommand(Math.min(MB, 20), "P-42"), "P-42"))
            console.log(`  profile (auto): ${line}`);
        if (choice === "auto")
          heap = await page.heapDuring(floodCommand(HEAP_FLOOD_MB, "H-42"), "H-42", HEAP_FLOOD_MB);
        await page.close();
      }
    } finally {
      await browser.dispose();
    }
    // Chromium holds a page's other tasks (the websocket's messages among them) after a key until it has drawn
    // the next frame (its DeferRendererTasksAfterInput feature), so as shipped the echo waits for that frame.
    // The same keys once more with that feature off show what the path itself takes.
    const undeferred = await BrowserConsole.open({
      base,
      sessionCookie: session,
      extraFlags: ["--disable-features=DeferRendererTasksAfterInput"],
    });
    try {
      const page = await undeferred.page(`${base}/console/${made.container.id}`, "auto");
      await page.prepare();
      undeferredEcho = await page.echo(KEYS);
      await page.close();
    } finally {
      await undeferred.dispose();
    }
  }
  const echoRow = (label: string, e: KeyEcho) => {
    printRow({ label, p50: e.p50, p95: e.p95, mbps: Number.NaN });
    console.log(
      `  ${"".padEnd(46)} key → send p95 ${e.keyToSendP95.toFixed(2)} ms; DevTools' websocket frame times, sent → echo p50 ${e.wireP50.toFixed(2)}, p95 ${e.wireP95.toFixed(2)} ms; ${(100 * e.framedShare).toFixed(0)}% of echoes came after a frame drawn since the key${e.afterFrameP50 === null ? "" : ` (median ${e.afterFrameP50.toFixed(1)} ms after it)`}`,
    );
  };
  if (browserEcho) echoRow("browser, key → page ws, Chromium as shipped", browserEcho);
  if (undeferredEcho) echoRow("browser, key → page ws, no after-input deferral", undeferredEcho);
  if (floods.length)
    printRow({ label: "browser, the page's socket alone (no key event)", ...socketEcho, mbps: Number.NaN });
  for (const b of floods) {
    const name = `browser, ${b.choice} → ${b.renderer === "webgl" ? "WebGL" : "DOM"}, ${b.mb} MB`;
    printRow({
      label: `${name}, page ws`,
      mbps: b.wsMbps,
      cpu: b.cpu,
    });
    if (b.drawnMbps !== null) printRow({ label: `${name}, drawn`, mbps: b.drawnMbps });
    console.log(
      `  ${"".padEnd(46)} frame gaps during the flood: p95 ${b.p95FrameGapMs.toFixed(0)} ms, longest ${b.maxFrameGapMs.toFixed(0)} ms`,
    );
  }
  const [bare, attach] = rows;
  const best = floods.reduce<BrowserFlood | undefined>(
    (a, b) => (!a || b.wsMbps > a.wsMbps ? b : a),
    undefined,
  );
  const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}x`;
  if (bare && attach && viaPanel) {
    console.log("ratios (output MB/s):");
    for (const r of [
      ...rows.slice(1),
      ...floods.map((b) => ({
        label: `browser ${b.choice} → ${b.renderer}${b.drawnMbps === null ? " (page ws)" : " (drawn)"}`,
        mbps: b.drawnMbps ?? b.wsMbps,
      })),
    ])
      console.log(
        `  ${r.label.padEnd(46)} vs bare pty ${ratio(r.mbps, bare.mbps)}   vs lxc-attach ${ratio(r.mbps, attach.mbps)}`,
      );
    console.log(
      `  echo p95: panel ${viaPanel.p95?.toFixed(2)} ms = ${ratio(viaPanel.p95 ?? 0, bare.p95 ?? 1)} bare pty${browserEcho && undeferredEcho ? `; browser key → page socket ${undeferredEcho.p95.toFixed(2)} ms = ${ratio(undeferredEcho.p95, bare.p95 ?? 1)} (Chromium as shipped, waiting for its frame after the key: ${browserEcho.p95.toFixed(2)} ms), page socket alone ${socketEcho.p95.toFixed(2)} ms = ${ratio(socketEcho.p95, bare.p95 ?? 1)}` : ""} (goal: p95 <= 15 ms)`,
    );
    console.log(
      `  output: panel websocket ${viaPanel.mbps.toFixed(1)} MB/s${best ? `, browser ${best.renderer} ${best.wsMbps.toFixed(1)} MB/s` : ""} (goal: >= 30 MB/s; lxc-attach alone ${attach.mbps.toFixed(1)} MB/s)`,
    );
  }
  if (heap)
    console.log(
      `tab JS heap, ${heap.floodMb} MB flood at ${heap.mbps.toFixed(1)} MB/s: before ${heap.beforeMb.toFixed(1)} MB, peak ${heap.peakMb.toFixed(1)} MB, after ${heap.afterMb.toFixed(1)} MB`,
    );
} finally {
  agent?.kill(cpuProfArgs.length ? "SIGTERM" : "SIGKILL");
  if (panel?.pid) process.kill(-panel.pid, "SIGTERM");
  await cleanupTestEnv(env);
  await db.$disconnect().catch(() => undefined);
  testDb.cleanup();
}
process.exit(0);
