// Panel-driven create+start of a container from the test template against the agent alone doing the same,
// on one real node: median wall time of each and their ratio (goal, issue 4: panel ≤ 1.3× the agent).
//   bench/panel-create-start [iterations=7]
// "Panel" = createContainer() (validation, placement, CTID and IP allocation, task row) + the task worker
// running its signed commands and following them to the end. "Agent alone" = the same signed commands sent
// straight to the agent (create, set limits + root password, start), and the single create+start command.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { BIN, cleanupTestEnv, makeTestEnv, type TestEnv } from "../agent/test/helpers";
import { createTestDatabase } from "../lib/testing/test-db";

const N = Number(process.argv[2] ?? 7);
const execFileP = promisify(execFile);
const testDb = createTestDatabase();
const { db } = await import("../lib/db");
const { SYSTEM_ACTOR } = await import("../lib/auth/actor");
const { createNode } = await import("../lib/nodes/create-node");
const { completeNodeJoin } = await import("../lib/nodes/complete-node-join");
const { importNodeTemplates } = await import("../lib/templates/import-node-templates");
const { createContainer } = await import("../lib/containers/create-container");
const { processTask } = await import("../lib/tasks/worker");
const { callAgent } = await import("../lib/nodes/agent-client");
const { getAgentEndpoint } = await import("../lib/tasks/run-agent-command");
const { commandReplySchema, ENDPOINTS, PROTOCOL_VERSION } = await import("../agent/protocol");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });

let env: TestEnv | undefined;
let agent: ChildProcess | undefined;
const joinServer = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", async () => {
    const reply = await completeNodeJoin({ input: JSON.parse(body) }).catch((e: unknown) => ({
      error: String(e),
    }));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
  });
});

try {
  env = await makeTestEnv();
  const panelPort = await freePort();
  await new Promise<void>((r) => joinServer.listen(panelPort, "127.0.0.1", () => r()));
  const agentPort = await freePort();
  const { joinToken, node: created } = await createNode({ actor: SYSTEM_ACTOR, input: { name: "bench" } });
  await execFileP(
    "node",
    [BIN, "join", `http://127.0.0.1:${panelPort}`, joinToken, "--agent-url", `http://127.0.0.1:${agentPort}`],
    { env: env.env },
  );
  agent = spawn("node", [BIN, "serve", "--listen", `127.0.0.1:${agentPort}`, "--insecure-http"], {
    env: env.env,
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    if (await importNodeTemplates({ actor: SYSTEM_ACTOR, nodeId: created.id }).catch(() => null)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await db.node.update({
    where: { id: created.id },
    data: { status: "ONLINE", memoryMb: 16384, diskFreeMb: 100_000 },
  });
  const plan = await db.plan.create({
    data: { name: "basic", ramMb: 128, swapMb: 0, numproc: 256, diskspaceMb: 64, diskspaceLimitMb: 64 },
  });
  await db.ipPool.create({
    data: { name: "p", cidr: "10.231.202.0/24", ipVersion: 4, nodes: { create: { nodeId: created.id } } },
  });
  const tenant = await db.tenant.create({ data: { name: "T" } });
  const template = await db.osTemplate.findFirstOrThrow();
  const node = await getAgentEndpoint(created.id);

  const send = async (command: Record<string, unknown>) => {
    const id = `b-${randomBytes(9).toString("base64url")}`;
    let op = (
      await callAgent(node, {
        method: "POST",
        path: `${ENDPOINTS.commands}?wait=30000`,
        body: { protocolVersion: PROTOCOL_VERSION, id, command },
        schema: commandReplySchema,
        timeoutMs: 60_000,
      })
    ).operation;
    while (op.status === "running") {
      op = (
        await callAgent(node, {
          method: "GET",
          path: `${ENDPOINTS.operation(id)}?wait=10000`,
          schema: commandReplySchema,
          timeoutMs: 20_000,
        })
      ).operation;
    }
    if (op.status !== "succeeded") throw new Error(op.error?.message ?? "failed");
  };
  const remove = async (ctid: number) => {
    await send({ type: "container.stop", ctid, fast: true });
    await send({ type: "container.destroy", ctid });
  };
  const limitParams = {
    ram: "128M",
    swap: "0M",
    numproc: "256:256",
    cpuunits: 1000,
    cpulimit: 0,
    onboot: true,
  };
  const passwordParams = { userpasswd: [{ user: "root", password: "Bench-Password-1" }] };

  const panelMs: number[] = [];
  const agentSameMs: number[] = [];
  const agentOneMs: number[] = [];
  const steps: number[][] = [];
  const queueMs: number[] = [];
  for (let i = 0; i < N; i++) {
    let t0 = performance.now();
    const res = await createContainer({
      actor: SYSTEM_ACTOR,
      input: {
        tenantId: tenant.id,
        nodeId: created.id,
        templateId: template.id,
        planId: plan.id,
        hostname: `p${i}.example.com`,
        rootPassword: "Bench-Password-1",
      },
    });
    const tq = performance.now();
    await processTask(res.task.id);
    panelMs.push(performance.now() - t0);
    queueMs.push(tq - t0);
    const row = await db.container.findUniqueOrThrow({ where: { id: res.container.id } });
    if (row.status !== "RUNNING") throw new Error("panel create did not end running");
    await remove(row.ctid);
    await db.ipAddress.deleteMany({ where: { containerId: row.id } });
    await db.task.deleteMany({ where: { containerId: row.id } });
    await db.container.delete({ where: { id: row.id } });

    const ctid = 5000 + i;
    t0 = performance.now();
    await send({
      type: "container.create",
      ctid,
      ostemplate: template.name,
      hostname: `a${i}.example.com`,
      ipadd: [`10.231.202.${200 + i}`],
      diskspace: "64M:64M",
    });
    const t1 = performance.now();
    await send({ type: "container.set", ctid, save: true, params: limitParams });
    const t2 = performance.now();
    await send({ type: "container.start", ctid });
    await send({ type: "container.set", ctid, save: true, params: passwordParams });
    agentSameMs.push(performance.now() - t0);
    steps.push([t1 - t0, t2 - t1, performance.now() - t2]);
    await remove(ctid);

    t0 = performance.now();
    await send({
      type: "container.create",
      ctid,
      ostemplate: template.name,
      hostname: `a${i}.example.com`,
      ipadd: [`10.231.202.${200 + i}`],
      diskspace: "64M:64M",
      start: true,
    });
    agentOneMs.push(performance.now() - t0);
    await remove(ctid);
  }
  const p = median(panelMs);
  const a = median(agentSameMs);
  const o = median(agentOneMs);
  console.log(`create+start from ${template.name}, median of ${N}`);
  console.log(`  panel (createContainer + task worker):               ${p.toFixed(0)} ms`);
  console.log(
    `  agent alone, the same commands (create, set, start):  ${a.toFixed(0)} ms   ratio panel/agent ${(p / a).toFixed(2)}x  (goal <= 1.3x)`,
  );
  console.log(
    `    of which the panel's createContainer (checks, CTID, IP, task row): ${median(queueMs).toFixed(0)} ms`,
  );
  console.log(
    `    of which create ${median(steps.map((x) => x[0] ?? 0)).toFixed(0)} ms, set limits ${median(steps.map((x) => x[1] ?? 0)).toFixed(0)} ms, start + password ${median(steps.map((x) => x[2] ?? 0)).toFixed(0)} ms`,
  );
  console.log(
    `  agent alone, one create+start command (no limits/pw): ${o.toFixed(0)} ms   ratio panel/agent ${(p / o).toFixed(2)}x`,
  );
} finally {
  agent?.kill("SIGKILL");
  joinServer.close();
  await cleanupTestEnv(env);
  await db.$disconnect();
  testDb.cleanup();
}
process.exit(0);
