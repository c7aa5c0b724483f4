// A panel killed in the middle of a container create, and a new panel process taking the task over: the
// task must end SUCCEEDED, the container must run on the node, and the node must have made it once.
// Real LXC and a real agent (root), a real database, the panel's own join code; nothing faked.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import http from "node:http";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cleanupTestEnv, makeTestEnv, type TestEnv } from "../../agent/test/helpers";
import { SYSTEM_ACTOR } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

process.env.BERTH_TASK_STALE_MS = "3000";
const testDb = createTestDatabase();
const { db } = await import("../db");
const { createNode } = await import("../nodes/create-node");
const { completeNodeJoin } = await import("../nodes/complete-node-join");
const { importNodeTemplates } = await import("../templates/import-node-templates");
const { createContainer } = await import("../containers/create-container");
const { claimAndRun, processTask } = await import("./worker");
const { enqueueTask } = await import("./enqueue-task");

const execFileP = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a panel restart during a running task", () => {
  let env: TestEnv | undefined;
  let agent: ChildProcess | undefined;
  let joinServer: http.Server | undefined;

  beforeAll(async () => {
    env = await makeTestEnv();
    // The join endpoint, served by the panel's own join code (the route handler is a thin wrapper of it).
    joinServer = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", async () => {
        try {
          const reply = await completeNodeJoin({ input: JSON.parse(body) });
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
        } catch (err) {
          res.writeHead(400).end(String(err));
        }
      });
    });
    const panelPort = await freePort();
    await new Promise<void>((r) => joinServer?.listen(panelPort, "127.0.0.1", () => r()));
    const agentPort = await freePort();
    const { joinToken } = await createNode({ actor: SYSTEM_ACTOR, input: { name: "restart-node" } });
    await execFileP(
      "node",
      [
        BIN,
        "join",
        `http://127.0.0.1:${panelPort}`,
        joinToken,
        "--agent-url",
        `http://127.0.0.1:${agentPort}`,
      ],
      {
        env: env.env,
      },
    );
    agent = spawn("node", [BIN, "serve", "--listen", `127.0.0.1:${agentPort}`, "--insecure-http"], {
      env: env.env,
      stdio: "ignore",
    });
    const node = await db.node.findUniqueOrThrow({ where: { name: "restart-node" } });
    await waitFor(
      "the agent",
      async () =>
        (await importNodeTemplates({ actor: SYSTEM_ACTOR, nodeId: node.id }).catch(() => null)) !== null,
    );
    await db.node.update({
      where: { id: node.id },
      data: { status: "ONLINE", memoryMb: 8192, diskFreeMb: 100_000 },
    });
    await db.plan.create({ data: { name: "basic", ramMb: 128, diskspaceMb: 512, diskspaceLimitMb: 512 } });
    await db.ipPool.create({
      data: { name: "p", cidr: "10.231.201.0/24", ipVersion: 4, nodes: { create: { nodeId: node.id } } },
    });
    await db.tenant.create({ data: { name: "T" } });
  });

  afterAll(async () => {
    agent?.kill("SIGKILL");
    joinServer?.close();
    await cleanupTestEnv(env);
    await db.$disconnect();
    testDb.cleanup();
  });

  it("ends the task with the right status, and the node makes the container once", async () => {
    const [tenant, plan, template, node] = await Promise.all([
      db.tenant.findFirstOrThrow(),
      db.plan.findFirstOrThrow(),
      db.osTemplate.findFirstOrThrow(),
      db.node.findFirstOrThrow(),
    ]);
    const { task } = await createContainer({
      actor: SYSTEM_ACTOR,
      input: {
        tenantId: tenant.id,
        nodeId: node.id,
        templateId: template.id,
        planId: plan.id,
        hostname: "restart.example.com",
      },
    });

    // Panel process #1 takes the task and is killed (SIGKILL, no cleanup) once the node has started on it.
    const first = spawn(
      "node",
      ["--conditions=react-server", "--import", "tsx", "scripts/run-task.ts", task.id],
      {
        cwd: root,
        env: { ...process.env },
        stdio: "ignore",
      },
    );
    await waitFor("the create to reach the node", async () => {
      const t = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      return t.progress >= 5 && t.status === "RUNNING";
    });
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("RUNNING");

    // Panel process #2 (this one): its worker takes over the task once the dead one's heartbeat is stale.
    const runs = await waitFor(
      "the stale task to be claimed",
      async () => {
        const started = await claimAndRun(4);
        return started.length ? started : null;
      },
      30_000,
    );
    await Promise.all(runs);

    const done = await db.task.findUniqueOrThrow({ where: { id: task.id }, include: { logLines: true } });
    expect(done.error).toBeNull();
    expect(done.status).toBe("SUCCEEDED");
    expect(done.logLines.map((l) => l.message).join("\n")).toContain("Resumed after the panel restarted");
    const container = await db.container.findFirstOrThrow({ where: { hostname: "restart.example.com" } });
    expect(container.status).toBe("RUNNING");
    const { stdout } = await execFileP("node", [BIN, "vzlist", "-a", "-j"], { env: env?.env });
    const list = JSON.parse(stdout) as { ctid: number; status: string }[];
    expect(list).toEqual([expect.objectContaining({ ctid: container.ctid, status: "running" })]);
  });

  it("succeeds when asked to start a container that is already running", async () => {
    const container = await db.container.findFirstOrThrow({ where: { hostname: "restart.example.com" } });
    const task = await enqueueTask({
      actor: SYSTEM_ACTOR,
      type: "container.start",
      containerId: container.id,
      nodeId: container.nodeId,
      tenantId: container.tenantId,
    });
    await processTask(task.id);
    const done = await db.task.findUniqueOrThrow({ where: { id: task.id }, include: { logLines: true } });
    expect(done.error).toBeNull();
    expect(done.status).toBe("SUCCEEDED");
    expect(done.logLines.map((l) => l.message).join("\n")).toContain("already running");
  });
});
