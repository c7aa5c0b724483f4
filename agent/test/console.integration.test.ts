import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleTicketReply, consoleTicketReplySchema } from "../protocol/console";
import { ENDPOINTS } from "../protocol/index";
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
    await waitUntil("the session's end in the log", async () =>
      agent.logs().includes('"event":"console-end"'),
    );
    const end = agent
      .logs()
      .split("\n")
      .filter((l) => l.includes('"event":"console-end"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)[0];
    expect(end).toMatchObject({ ctid: CT, reason: "The client closed the console." });
    expect(end?.bytesIn).toBeGreaterThan(20);
    expect(end?.bytesOut).toBeGreaterThan(20);
    expect(agent.logs()).toContain('"event":"console-bad-frame"');
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
    expect(agent.logs()).toContain('"event":"console-refused","reason":"expired ticket"');
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
