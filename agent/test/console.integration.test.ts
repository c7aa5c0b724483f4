import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import https from "node:https";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleTicketReply, consoleTicketReplySchema } from "../protocol/console";
import { ENDPOINTS } from "../protocol/index";
import { signRequest } from "../protocol/signing";
import { ConsoleClient, isRefused, type Refused } from "./console-client";
import { cleanupTestEnv, cli, makeTestEnv, TEST_TEMPLATE, type TestEnv } from "./helpers";
import { type AgentProcess, PanelDouble, send, startAgent } from "./panel-double";

const execFileP = promisify(execFile);

let t: TestEnv;
let panel: PanelDouble;
let agent: AgentProcess;
const CT = 601;
const OTHER = 602;
const STOPPED = 603;

beforeAll(async () => {
  t = await makeTestEnv();
  panel = new PanelDouble();
  await panel.start();
  const joined = await cli(t, ["join", panel.url, panel.token, "--agent-url", "http://127.0.0.1:7443"]);
  if (joined.code !== 0) throw new Error(joined.stderr);
  for (const ctid of [CT, OTHER, STOPPED]) {
    const args = ["--ostemplate", TEST_TEMPLATE, "--diskspace", "64M", "--hostname", `console${ctid}.test`];
    const made = await cli(t, ["vzctl", "create", String(ctid), ...args]);
    if (made.code !== 0) throw new Error(made.stderr || made.stdout);
  }
  for (const ctid of [CT, OTHER]) {
    const started = await cli(t, ["vzctl", "start", String(ctid)]);
    if (started.code !== 0) throw new Error(started.stderr || started.stdout);
  }
  agent = await startAgent(t);
});

afterAll(async () => {
  agent?.child.kill("SIGKILL");
  panel?.stop();
  await cleanupTestEnv(t);
});

async function ticketFor(ctid: number, cols = 80, rows = 24): Promise<ConsoleTicketReply> {
  const r = await send(agent.port, panel, ENDPOINTS.consoleTickets, { body: { ctid, cols, rows } });
  if (r.status !== 200) throw new Error(`ticket for ${ctid}: ${r.status} ${r.body}`);
  expect(r.signatureValid).toBe(true);
  return consoleTicketReplySchema.parse(r.json);
}

async function openConsole(ctid: number, cols = 80, rows = 24): Promise<ConsoleClient> {
  const tk = await ticketFor(ctid, cols, rows);
  const c = await ConsoleClient.open(agent.port, tk.path);
  if (isRefused(c)) throw new Error(`console refused: ${c.status} ${c.body}`);
  return c;
}

function expectRefused(c: ConsoleClient | Refused, reason: string): void {
  if (!isRefused(c)) {
    c.close();
    throw new Error("the console was opened");
  }
  expect(c.status).toBe(401);
  expect(c.body).toContain(reason);
}

/** lxc-attach processes on the host attached to ctid of this test's lxcpath. */
async function attachProcesses(ctid: number): Promise<string[]> {
  const lxcPath = path.join(t.dir, "lxc");
  const r = await execFileP("pgrep", ["-a", "-f", `^lxc-attach -n ${ctid} -P ${lxcPath} `]).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }),
  );
  return r.stdout.split("\n").filter(Boolean);
}

async function waitUntil(what: string, pred: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function endLogs(): Record<string, unknown>[] {
  return agent
    .logs()
    .split("\n")
    .filter((l) => l.includes('"event":"console-end"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** User + system CPU time of the agent process, ms. */
async function agentCpuMs(): Promise<number> {
  const stat = await fs.readFile(`/proc/${agent.child.pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

async function agentRssKb(): Promise<number> {
  const status = await fs.readFile(`/proc/${agent.child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

describe("console tickets", () => {
  it("issues a signed ticket for a running container, refuses a stopped one, an unknown one and a bad body", async () => {
    const tk = await ticketFor(CT, 100, 30);
    expect(tk.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tk.path).toBe(`/v1/console?ticket=${tk.ticket}`);
    const ttl = Date.parse(tk.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(8_000);
    expect(ttl).toBeLessThanOrEqual(10_000);

    const stopped = await send(agent.port, panel, ENDPOINTS.consoleTickets, {
      body: { ctid: STOPPED, cols: 80, rows: 24 },
    });
    expect(stopped.status).toBe(409);
    expect(stopped.signatureValid).toBe(true);
    expect(stopped.json).toEqual({ error: { code: "VE_NOT_RUNNING", message: "Container is not running" } });

    const unknown = await send(agent.port, panel, ENDPOINTS.consoleTickets, {
      body: { ctid: 999, cols: 80, rows: 24 },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain("Container 999 does not exist");

    for (const body of [
      { ctid: CT, cols: 0, rows: 24 },
      { ctid: CT, cols: 80, rows: 1001 },
      { ctid: "601", cols: 80, rows: 24 },
      { ctid: CT, cols: 80, rows: 24, command: "id" },
    ]) {
      const bad = await send(agent.port, panel, ENDPOINTS.consoleTickets, { body });
      expect(bad.status).toBe(400);
    }

    // Unsigned: refused like any other request.
    const unsigned = await send(agent.port, panel, ENDPOINTS.consoleTickets, {
      body: { ctid: CT, cols: 80, rows: 24 },
      headers: {},
    });
    expect(unsigned.status).toBe(401);
  });
});

describe("console websocket", () => {
  it("gives a login shell in the container: hostname, UTF-8 both ways, resize, garbage control frames ignored", async () => {
    const c = await openConsole(CT, 100, 30);
    c.type("hostname\n");
    await c.waitFor((s) => s.includes(`console${CT}.test`));
    c.type("echo 你好; echo \u00e9t\u00e9 \u{1F600}\n");
    await c.waitFor((s) => /\n你好\r*\nété 😀\r*\n/.test(s));
    c.type("stty size\n");
    await c.waitFor((s) => s.includes("30 100"));
    c.control({ type: "resize", cols: 123, rows: 45 });
    c.control("not json");
    c.control({ type: "resize", cols: 0, rows: 45 });
    c.control({ type: "explode" });
    c.clear();
    c.type("stty size; echo $TERM $LANG\n");
    await c.waitFor((s) => s.includes("45 123") && s.includes("xterm-256color C.UTF-8"));
    expect(c.controls).toEqual([]);
    c.close();
    await c.closed;
    await waitUntil("the session's end in the log", async () => endLogs().length > 0);
    const end = endLogs()[0];
    expect(end).toMatchObject({ ctid: CT, reason: "The client closed the console." });
    expect(end?.bytesIn).toBeGreaterThan(20);
    expect(end?.bytesOut).toBeGreaterThan(20);
    await agent.waitForLog('"event":"console-bad-frame"');
  });

  it("refuses a reused, unknown, missing, expired ticket and a ticket used for another container", async () => {
    const expiring = await ticketFor(CT);

    const tk = await ticketFor(CT);
    const first = await ConsoleClient.open(agent.port, tk.path);
    if (isRefused(first)) throw new Error("first use refused");
    expectRefused(await ConsoleClient.open(agent.port, tk.path), "unknown or already used ticket");
    first.close();

    expectRefused(
      await ConsoleClient.open(agent.port, `/v1/console?ticket=${"A".repeat(43)}`),
      "unknown or already used ticket",
    );
    expectRefused(await ConsoleClient.open(agent.port, "/v1/console"), "missing ticket");

    const forCt = await ticketFor(CT);
    expectRefused(
      await ConsoleClient.open(agent.port, `${forCt.path}&ctid=${OTHER}`),
      `the ticket names container ${CT}, not ${OTHER}`,
    );
    // Burnt by the failed try.
    expectRefused(await ConsoleClient.open(agent.port, forCt.path), "unknown or already used ticket");

    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(expiring.expiresAt) - Date.now() + 300)));
    expectRefused(await ConsoleClient.open(agent.port, expiring.path), "expired ticket");
    await agent.waitForLog('"event":"console-refused","reason":"expired ticket"');
  });

  it("closing the socket leaves no lxc-attach and no shell of the session behind", async () => {
    const before = (await t.driver.cgroups.pids(CT)).length;
    const c = await openConsole(CT);
    c.type("echo ready-$((20+22))\n");
    await c.waitFor((s) => s.includes("ready-42"));
    expect((await attachProcesses(CT)).length).toBeGreaterThan(0);
    // A child of the shell too: it must go with the session.
    c.type("sleep 1000\n");
    await waitUntil("the sleep inside", async () => (await t.driver.cgroups.pids(CT)).length >= before + 2);
    c.close();
    await waitUntil("no lxc-attach", async () => (await attachProcesses(CT)).length === 0);
    await waitUntil(
      "the container's own processes only",
      async () => (await t.driver.cgroups.pids(CT)).length === before,
    );
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

describe("console flow control", () => {
  it("a 50 MB flood to a slow reader ends, with the agent's memory bounded; pause/resume frames stop and restart output", async () => {
    const endsBefore = endLogs().length;
    const c = await openConsole(CT);
    c.keepBytes = 64 * 1024;
    await c.waitFor((s) => s.includes("# "));
    const rss0 = await agentRssKb();
    let peak = rss0;
    let stopPeak: number | null = null;
    const sampler = setInterval(() => {
      agentRssKb().then(
        (kb) => {
          peak = Math.max(peak, kb);
          if (stopPeak !== null) stopPeak = Math.max(stopPeak, kb);
        },
        () => {},
      );
    }, 50);
    try {
      c.type("cat /dev/urandom | base64 | head -c 50000000; echo; echo flood-$((6*7))\n");
      await c.waitForBytes(2_000_000, 30_000);

      // The client's pause frame stops the output (what is already in flight still arrives)...
      c.control({ type: "pause" });
      await sleep(300);
      const atPause = c.bytes;
      await sleep(1000);
      expect(c.bytes - atPause).toBeLessThan(256 * 1024);
      // ...and resume restarts it.
      c.control({ type: "resume" });
      await c.waitForBytes(c.bytes + 1_000_000, 30_000);

      // A slow reader: the client's socket reads 5 ms out of every 500 for 5 s, so the socket buffers fill
      // and the agent must pause the pty instead of queueing output in memory.
      const slowFrom = c.bytes;
      // First a reader that stops for 3 s: loopback buffers hold about 2 MB of a stopped reader's data (the
      // window does not grow while nothing is read), so the pty's output past that must make the agent pause.
      c.ws.pause();
      await sleep(500);
      const rssStopped = await agentRssKb();
      stopPeak = rssStopped;
      await sleep(2_500);
      stopPeak = Math.max(stopPeak, await agentRssKb());
      const stopGrowth = stopPeak - rssStopped;
      stopPeak = null;
      c.ws.resume();
      // While nobody reads, the agent holds what it has and reads the pty no further: its memory stays put.
      // (Afterwards, RSS follows V8's collection of spent frame buffers, which waits for tens of MB.)
      expect(stopGrowth).toBeLessThan(8 * 1024);
      const slowUntil = Date.now() + 5_000;
      while (Date.now() < slowUntil) {
        c.ws.pause();
        await sleep(495);
        c.ws.resume();
        await sleep(5);
      }
      const slowMB = (c.bytes - slowFrom) / 1e6;
      await c.waitFor((s) => s.includes("flood-42"), 120_000);
      expect(c.bytes).toBeGreaterThan(50_000_000);
      console.log(
        `flood: ${(c.bytes / 1e6).toFixed(1)} MB received, ${slowMB.toFixed(1)} MB of it in the 8 s slow phase; ` +
          `agent RSS ${Math.round(rss0 / 1024)} MB before, peak ${Math.round(peak / 1024)} MB, ` +
          `${(stopGrowth / 1024).toFixed(1)} MB more while the reader stopped`,
      );
    } finally {
      clearInterval(sampler);
      c.close();
    }
    await waitUntil("no lxc-attach", async () => (await attachProcesses(CT)).length === 0);
    await waitUntil("the end of the flood session in the log", async () => endLogs().length > endsBefore);
    // The agent did pause the pty for the slow reader (not only let the kernel buffer).
    expect(endLogs()[endsBefore]?.outputPauses).toBeGreaterThan(0);
  });

  it("figures: keystroke echo round trip through the agent vs a bare pty, output throughput", async () => {
    const c = await openConsole(CT);
    c.keepBytes = 4096;
    await c.waitFor((s) => s.includes("# "));
    const rtt: number[] = [];
    for (let i = 0; i < 200; i++) {
      const n = c.bytes;
      const t0 = performance.now();
      c.type(i % 2 === 0 ? "x" : "\x7f");
      await c.waitForBytes(n);
      rtt.push(performance.now() - t0);
    }
    rtt.sort((a, b) => a - b);

    const { spawn } = await import("node-pty");
    const bare = spawn("/bin/busybox", ["sh", "-l"], {
      cols: 80,
      rows: 24,
      env: { PATH: "/usr/bin:/bin", TERM: "xterm-256color" },
      encoding: null,
    });
    let bareBytes = 0;
    let wake: (() => void) | null = null;
    bare.onData((d: string | Buffer) => {
      bareBytes += d.length;
      wake?.();
    });
    await sleep(300);
    const bareRtt: number[] = [];
    for (let i = 0; i < 200; i++) {
      const n = bareBytes;
      const t0 = performance.now();
      bare.write(i % 2 === 0 ? "x" : "\x7f");
      while (bareBytes <= n) await new Promise<void>((r) => (wake = r));
      bareRtt.push(performance.now() - t0);
    }
    bare.kill("SIGKILL");
    bareRtt.sort((a, b) => a - b);

    c.type("\x15clear\n");
    await c.waitFor((s) => s.endsWith("# ") || s.endsWith("# \x1b[6n"));
    const from = c.bytes;
    const t0 = Date.now();
    c.type(
      "yes 0123456789012345678901234567890123456789012345678901234567890123456789012345 | head -c 50000000; echo end-$((5*5))\n",
    );
    await c.waitFor((s) => s.includes("end-25"), 120_000);
    const mbps = (c.bytes - from) / 1e6 / ((Date.now() - t0) / 1000);
    c.close();
    const f = (x: number) => x.toFixed(2);
    console.log(
      `echo round trip, client -> agent -> lxc-attach -> busybox sh -> back: p50 ${f(percentile(rtt, 50))} ms, ` +
        `p95 ${f(percentile(rtt, 95))} ms; bare pty (busybox sh on the host): p50 ${f(percentile(bareRtt, 50))} ms, ` +
        `p95 ${f(percentile(bareRtt, 95))} ms; ratio p95 ${(percentile(rtt, 95) / percentile(bareRtt, 95)).toFixed(1)}x; ` +
        `output throughput (50 MB of yes lines) ${mbps.toFixed(1)} MB/s`,
    );
    expect(percentile(rtt, 95)).toBeLessThan(50);
  });
});

describe("console input", () => {
  it("input the shell does not read is held back by TCP, not queued in the agent", async () => {
    const c = await openConsole(CT);
    c.keepBytes = 4096;
    await c.waitFor((s) => s.includes("# "));
    c.type("stty -echo; sleep 4; cat >/dev/null; stty echo; echo drained-$((3*3))\n");
    await sleep(300);
    const rss0 = await agentRssKb();
    // 24 MB of lines while the shell sleeps: the agent must stop reading the socket.
    const line = `${"a".repeat(63)}\n`;
    const chunk = Buffer.from(line.repeat(1024));
    const cpu0 = await agentCpuMs();
    for (let i = 0; i < 384; i++) c.ws.send(chunk, { binary: true });
    await sleep(2500);
    const rssDuring = await agentRssKb();
    const cpuHeld = (await agentCpuMs()) - cpu0;
    expect(c.ws.bufferedAmount).toBeGreaterThan(8 * 1024 * 1024);
    c.type("\x04");
    await c.waitFor((s) => s.includes("drained-9"), 60_000);
    console.log(
      `input backlog: 24 MB sent to a sleeping shell; agent RSS ${Math.round(rss0 / 1024)} MB before, ` +
        `${Math.round(rssDuring / 1024)} MB while held; agent CPU ${cpuHeld} ms in the 2.5 s held`,
    );
    expect(rssDuring - rss0).toBeLessThan(16 * 1024);
    c.close();
  });

  it("the shell's own exit ends the session with its code", async () => {
    const c = await openConsole(CT);
    c.type("exit 3\n");
    const closed = await c.closed;
    expect(closed.code).toBe(1000);
    expect(c.controls).toEqual([{ type: "exit", code: 3, reason: "The shell exited with code 3." }]);
  });
});

describe("console lifecycle", () => {
  it("a container that stops, gracefully or at once, ends the session with an exit frame and close 1000", async () => {
    // A graceful stop kills the shell well before the container's cgroup empties: the session must still
    // say that the container stopped, not that the shell was killed.
    for (const how of [[], ["--fast"]]) {
      const c = await openConsole(OTHER);
      c.type("echo up-$((1+1))\n");
      await c.waitFor((s) => s.includes("up-2"));
      const stopped = await cli(t, ["vzctl", "stop", String(OTHER), ...how]);
      expect(stopped.code).toBe(0);
      const closed = await c.closed;
      expect(closed.code).toBe(1000);
      expect(c.controls, `vzctl stop ${how.join(" ")}`).toEqual([
        { type: "exit", code: expect.anything(), reason: "The container stopped." },
      ]);
      expect(await attachProcesses(OTHER)).toEqual([]);
      if (how.length === 0) expect((await cli(t, ["vzctl", "start", String(OTHER)])).code).toBe(0);
    }
  });

  it("a restarted agent knows no earlier ticket; an idle session times out; stopping the agent ends sessions", async () => {
    const old = await ticketFor(CT);
    agent.child.kill("SIGTERM");
    await agent.exited;
    agent = await startAgent(t, { BERTH_CONSOLE_IDLE_SEC: "2" });
    expectRefused(await ConsoleClient.open(agent.port, old.path), "unknown or already used ticket");

    const idle = await openConsole(CT);
    await idle.waitFor((s) => s.includes("# "));
    const t0 = Date.now();
    const closed = await idle.closed;
    expect(Date.now() - t0).toBeGreaterThan(1000);
    expect(closed.code).toBe(1000);
    expect(idle.controls).toEqual([
      { type: "exit", code: null, reason: "The console was idle for 2 seconds and was closed." },
    ]);
    await waitUntil("no lxc-attach", async () => (await attachProcesses(CT)).length === 0);

    const live = await openConsole(CT);
    live.type("echo live-$((2+2))\n");
    await live.waitFor((s) => s.includes("live-4"));
    agent.child.kill("SIGTERM");
    const shut = await live.closed;
    expect(shut.code).toBe(1001);
    expect(live.controls).toEqual([{ type: "exit", code: null, reason: "The node agent is shutting down." }]);
    expect(await agent.exited).toBe(0);
    expect(await attachProcesses(CT)).toEqual([]);
  });

  it("works the same over HTTPS (wss), on the API's own port", async () => {
    agent = await startAgent(t, {}, { tls: true });
    const tk = await new Promise<ConsoleTicketReply>((resolve, reject) => {
      const key = panel.keys[0];
      if (!key) throw new Error("no key");
      const body = JSON.stringify({ ctid: CT, cols: 80, rows: 24 });
      const headers = signRequest({
        method: "POST",
        path: ENDPOINTS.consoleTickets,
        body,
        nodeId: panel.nodeId,
        keyId: key.keyId,
        privateKey: key.privateKeyPem,
      });
      const req = https.request(
        {
          host: "127.0.0.1",
          port: agent.port,
          method: "POST",
          path: ENDPOINTS.consoleTickets,
          headers: { ...headers, "content-type": "application/json" },
          rejectUnauthorized: false,
        },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => {
            text += d.toString();
          });
          res.on("end", () => resolve(consoleTicketReplySchema.parse(JSON.parse(text))));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    const c = await ConsoleClient.open(agent.port, tk.path, { tls: true });
    if (isRefused(c)) throw new Error(`refused: ${c.body}`);
    c.type("hostname\n");
    await c.waitFor((s) => s.includes(`console${CT}.test`));
    c.close();
    await waitUntil("no lxc-attach", async () => (await attachProcesses(CT)).length === 0);
  });
});
