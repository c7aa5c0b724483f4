// A panel killed in the middle of a container create, and a new panel process taking the task over: the
// task must end SUCCEEDED, the container must run on the node, and the node must have made it once.
// Real LXC and a real agent (root), a real database, the panel's own join code; nothing faked.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../auth/actor";
import type { RealNode, TestPanel } from "../testing/real-nodes";
import { createTestDatabase } from "../testing/test-db";

process.env.BERTH_TASK_STALE_MS = "3000";
const testDb = createTestDatabase();
const { db } = await import("../db");
const realNodes = await import("../testing/real-nodes");
const { waitFor } = realNodes;
const { createContainer } = await import("../containers/create-container");
const { claimAndRun, processTask } = await import("./worker");
const { enqueueTask } = await import("./enqueue-task");

const root = path.resolve(import.meta.dirname, "../..");

describe("a panel restart during a running task", () => {
  let panel: TestPanel | undefined;
  let host: RealNode;

  beforeAll(async () => {
    panel = await realNodes.TestPanel.start();
    host = await panel.addNode("restart-node");
    await db.plan.create({ data: { name: "basic", ramMb: 128, diskspaceMb: 512, diskspaceLimitMb: 512 } });
    await db.ipPool.create({
      data: { name: "p", cidr: "10.231.201.0/24", ipVersion: 4, nodes: { create: { nodeId: host.nodeId } } },
    });
    await db.tenant.create({ data: { name: "T" } });
  });

  afterAll(async () => {
    await panel?.stop();
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
    const { stdout } = await (panel as TestPanel).cli(host, ["vzlist", "-a", "-j"]);
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
