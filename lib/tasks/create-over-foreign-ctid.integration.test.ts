// A CTID the node already has but the panel does not know (made by hand with the agent's vzctl, or left by
// an earlier panel): the panel's create must fail with a message that says so, and its cleanup must leave that
// container and its files alone, forget its own row and give its address back. The panel moves on to a free
// CTID afterwards. Real LXC and a real agent (root), a real database, the panel's own join code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_TEMPLATE } from "../../agent/test/helpers";
import { SYSTEM_ACTOR } from "../auth/actor";
import type { RealNode, TestPanel } from "../testing/real-nodes";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const realNodes = await import("../testing/real-nodes");
const { createContainer } = await import("../containers/create-container");
const { peekNextCtid } = await import("../containers/allocate-ctid");
const { processTask } = await import("./worker");

describe("a create on a CTID the node has but the panel does not know", () => {
  let panel: TestPanel | undefined;
  let host: RealNode;
  /** The agent's vzctl on the node, as its admin runs it. */
  const vzctl = async (args: string[]) => (await (panel as TestPanel).cli(host, ["vzctl", ...args])).stdout;

  beforeAll(async () => {
    panel = await realNodes.TestPanel.start();
    host = await panel.addNode("foreign-node");
    await db.plan.create({ data: { name: "basic", ramMb: 128, diskspaceMb: 256, diskspaceLimitMb: 256 } });
    await db.ipPool.create({
      data: { name: "p", cidr: "10.231.202.0/24", ipVersion: 4, nodes: { create: { nodeId: host.nodeId } } },
    });
    await db.tenant.create({ data: { name: "T" } });
  });

  afterAll(async () => {
    await panel?.stop();
    await db.$disconnect();
    testDb.cleanup();
  });

  it("fails saying so, keeps the node's container and its file, and leaves no row or address behind", async () => {
    const [tenant, plan, template, node] = await Promise.all([
      db.tenant.findFirstOrThrow(),
      db.plan.findFirstOrThrow(),
      db.osTemplate.findFirstOrThrow(),
      db.node.findFirstOrThrow(),
    ]);
    // The admin makes, by hand on the node, the container with the CTID the panel gives next (the poller has
    // not seen it yet), and writes a file in it.
    const ctid = await peekNextCtid(db, node);
    await vzctl(["create", String(ctid), "--ostemplate", TEST_TEMPLATE, "--hostname", "byhand.example.com"]);
    await vzctl(["start", String(ctid)]);
    // As vzctl exec: the arguments form one command line for the container's shell.
    await vzctl(["exec", String(ctid), "echo made by hand > /root/keep.txt"]);

    const { task, container } = await createContainer({
      actor: SYSTEM_ACTOR,
      input: {
        tenantId: tenant.id,
        nodeId: node.id,
        templateId: template.id,
        planId: plan.id,
        hostname: "panel.example.com",
      },
    });
    expect(container.ctid).toBe(ctid);
    const address = container.addresses[0];
    await processTask(task.id);

    const done = await db.task.findUniqueOrThrow({ where: { id: task.id }, include: { logLines: true } });
    expect(done.status).toBe("FAILED");

    // The node's own container is untouched: still there, still running, with its file.
    const { stdout } = await (panel as TestPanel).cli(host, ["vzlist", "-a", "-j"]);
    const list = JSON.parse(stdout) as { ctid: number; status: string; hostname: string }[];
    expect(list).toEqual([
      expect.objectContaining({ ctid, status: "running", hostname: "byhand.example.com" }),
    ]);
    expect(await vzctl(["exec", String(ctid), "cat", "/root/keep.txt"])).toContain("made by hand");

    expect(done.error).toContain(`CTID ${ctid} exists on node foreign-node but is not known to the panel`);
    const log = done.logLines.map((l) => l.message).join("\n");
    expect(log).not.toContain("Removed the partly made container");

    // The panel forgot its failed container and gave its address back.
    expect(await db.container.findUnique({ where: { id: container.id } })).toBeNull();
    expect(await db.ipAddress.findFirst({ where: { address } })).toBeNull();

    // The next create does not pick that CTID again, and succeeds.
    const next = await createContainer({
      actor: SYSTEM_ACTOR,
      input: {
        tenantId: tenant.id,
        nodeId: node.id,
        templateId: template.id,
        planId: plan.id,
        hostname: "panel2.example.com",
      },
    });
    expect(next.container.ctid).toBeGreaterThan(ctid);
    await processTask(next.task.id);
    const second = await db.task.findUniqueOrThrow({ where: { id: next.task.id } });
    expect(second.error).toBeNull();
    expect(second.status).toBe("SUCCEEDED");
    expect(await vzctl(["exec", String(ctid), "cat", "/root/keep.txt"])).toContain("made by hand");
  });
});
