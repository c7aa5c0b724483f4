// A container.migrate task end to end: a real database, two real agents (separate data dirs, lxcpaths, veth
// prefixes, ports), joined through the panel's own join code. The task must move the Container row (node,
// CTID) and keep its addresses, the container must run on the target node and be gone from the source.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cleanupTestEnv, makeTestEnv, type TestEnv } from "../../agent/test/helpers";
import { SYSTEM_ACTOR } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { createNode } = await import("../nodes/create-node");
const { completeNodeJoin } = await import("../nodes/complete-node-join");
const { importNodeTemplates } = await import("../templates/import-node-templates");
const { createContainer } = await import("../containers/create-container");
const { processTask } = await import("../tasks/worker");
const { requestContainerMigration } = await import("./request-container-migration");
const { requestNodeEvacuation } = await import("./request-node-evacuation");

const execFileP = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Host = { env: TestEnv; agent?: ChildProcess; nodeId: string };
const hosts: Host[] = [];
let joinServer: http.Server | undefined;

async function addHost(name: string, vethPrefix: string, panelPort: number): Promise<Host> {
  const env = await makeTestEnv();
  env.env.BERTH_VETH_PREFIX = vethPrefix;
  const agentPort = await freePort();
  const { joinToken } = await createNode({ actor: SYSTEM_ACTOR, input: { name } });
  await execFileP(
    "node",
    [BIN, "join", `http://127.0.0.1:${panelPort}`, joinToken, "--agent-url", `http://127.0.0.1:${agentPort}`],
    { env: env.env },
  );
  const agent = spawn("node", [BIN, "serve", "--listen", `127.0.0.1:${agentPort}`, "--insecure-http"], {
    env: env.env,
    stdio: "ignore",
  });
  const node = await db.node.findUniqueOrThrow({ where: { name } });
  const host: Host = { env, agent, nodeId: node.id };
  hosts.push(host);
  await waitFor(
    `agent ${name}`,
    async () =>
      (await importNodeTemplates({ actor: SYSTEM_ACTOR, nodeId: node.id }).catch(() => null)) !== null,
  );
  await db.node.update({
    where: { id: node.id },
    data: { status: "ONLINE", memoryMb: 8192, diskFreeMb: 100_000 },
  });
  return host;
}

async function vzStatus(h: Host, ctid: number): Promise<string> {
  const r = await execFileP("node", [BIN, "vzctl", "status", String(ctid)], { env: h.env.env });
  return r.stdout;
}

describe("container.migrate task (panel, real database, two real agents)", () => {
  let a: Host;
  let b: Host;

  beforeAll(async () => {
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
    a = await addHost("mig-node-a", "vpa", panelPort);
    b = await addHost("mig-node-b", "vpb", panelPort);
    await db.plan.create({ data: { name: "basic", ramMb: 128, diskspaceMb: 256, diskspaceLimitMb: 256 } });
    await db.ipPool.create({
      data: {
        name: "mig-pool",
        cidr: "10.231.212.0/24",
        ipVersion: 4,
        nodes: { create: [{ nodeId: a.nodeId }, { nodeId: b.nodeId }] },
      },
    });
    await db.tenant.create({ data: { name: "T" } });
  });

  afterAll(async () => {
    for (const h of hosts) h.agent?.kill("SIGKILL");
    joinServer?.close();
    for (const h of hosts) await cleanupTestEnv(h.env);
    await db.$disconnect();
    testDb.cleanup();
  });

  it("moves the row and the addresses with the container, and refuses a target that does not serve its pool", async () => {
    const [tenant, plan, template] = await Promise.all([
      db.tenant.findFirstOrThrow(),
      db.plan.findFirstOrThrow(),
      db.osTemplate.findFirstOrThrow(),
    ]);
    const { task, container } = await createContainer({
      actor: SYSTEM_ACTOR,
      input: {
        tenantId: tenant.id,
        nodeId: a.nodeId,
        templateId: template.id,
        planId: plan.id,
        hostname: "moving.example.com",
      },
    });
    expect(await processTask(task.id)).toBe(true);
    const made = await db.container.findUniqueOrThrow({
      where: { id: container.id },
      select: { ctid: true, status: true, ipAddresses: { select: { address: true } } },
    });
    expect(made.status).toBe("RUNNING");
    const ctid = made.ctid;
    const addresses = made.ipAddresses.map((x) => x.address).sort();
    expect(addresses.length).toBeGreaterThan(0);

    // Pre-check: a target that does not serve the container's pool is refused before anything is queued.
    const pool = await db.ipPool.findFirstOrThrow({ where: { name: "mig-pool" } });
    await db.ipPoolNode.delete({ where: { poolId_nodeId: { poolId: pool.id, nodeId: b.nodeId } } });
    await expect(
      requestContainerMigration({
        actor: SYSTEM_ACTOR,
        containerId: container.id,
        input: { targetNodeId: b.nodeId, mode: "online" },
      }),
    ).rejects.toThrow(/does not serve: its address would not be routable there/);
    await db.ipPoolNode.create({ data: { poolId: pool.id, nodeId: b.nodeId } });
    // The only node: evacuation of b (empty, a online) is allowed, but of a when b is drained is refused.
    await db.node.update({ where: { id: b.nodeId }, data: { isDisabled: true } });
    await expect(requestNodeEvacuation({ actor: SYSTEM_ACTOR, nodeId: a.nodeId, input: {} })).rejects.toThrow(
      /is the only online node/,
    );
    await db.node.update({ where: { id: b.nodeId }, data: { isDisabled: false } });

    const queued = await requestContainerMigration({
      actor: SYSTEM_ACTOR,
      containerId: container.id,
      input: { targetNodeId: b.nodeId, mode: "online" },
    });
    expect(await processTask(queued.id)).toBe(true);
    const done = await db.task.findUniqueOrThrow({
      where: { id: queued.id },
      select: { status: true, error: true, result: true, logLines: { select: { message: true } } },
    });
    const log = done.logLines.map((l) => l.message).join("\n");
    expect(done.status, `${done.error}\n${log}`).toBe("SUCCEEDED");
    expect(log).toMatch(/Copied \(pass 1, container running\)/);
    expect(log).toMatch(/Measured downtime: \d+\.\d\d s \(online\)/);
    const result = JSON.parse(done.result ?? "{}") as { downtimeMs: number; ctid: number };
    process.stdout.write(`panel migrate task: downtime ${result.downtimeMs} ms\n`);

    const moved = await db.container.findUniqueOrThrow({
      where: { id: container.id },
      select: { nodeId: true, ctid: true, status: true, ipAddresses: { select: { address: true } } },
    });
    expect(moved.nodeId).toBe(b.nodeId);
    expect(moved.ctid).toBe(result.ctid);
    expect(moved.status).toBe("RUNNING");
    expect(moved.ipAddresses.map((x) => x.address).sort()).toEqual(addresses);
    expect(await vzStatus(b, moved.ctid)).toMatch(/exist mounted running/);
    expect(await vzStatus(a, ctid)).toMatch(/deleted unmounted down/);
    expect(existsSync(path.join(a.env.dir, "private", `${ctid}.img`))).toBe(false);
    const audit = await db.auditEvent.findFirst({
      where: { action: "container.migrated", targetId: container.id },
    });
    expect(audit).not.toBeNull();
  });
});
