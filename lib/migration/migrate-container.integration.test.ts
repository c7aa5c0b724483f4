// A container.migrate task end to end: a real database, two real agents (separate data dirs, lxcpaths, veth
// prefixes, ports), joined through the panel's own join code. The task must move the Container row (node,
// CTID) and keep its addresses, the container must run on the target node and be gone from the source.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../auth/actor";
import type { RealNode, TestPanel } from "../testing/real-nodes";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const realNodes = await import("../testing/real-nodes");
const { createContainer } = await import("../containers/create-container");
const { processTask } = await import("../tasks/worker");
const { requestContainerMigration } = await import("./request-container-migration");
const { requestNodeEvacuation } = await import("./request-node-evacuation");

let panel: TestPanel | undefined;

async function vzStatus(h: RealNode, ctid: number): Promise<string> {
  return (await (panel as TestPanel).cli(h, ["vzctl", "status", String(ctid)])).stdout;
}

describe("container.migrate task (panel, real database, two real agents)", () => {
  let a: RealNode;
  let b: RealNode;

  beforeAll(async () => {
    panel = await realNodes.TestPanel.start();
    a = await panel.addNode("mig-node-a", { vethPrefix: "vpa" });
    b = await panel.addNode("mig-node-b", { vethPrefix: "vpb" });
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
    await panel?.stop();
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
