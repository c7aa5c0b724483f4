import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { enqueueTask } = await import("./enqueue-task");

describe("enqueueTask", () => {
  let containerId = "";
  beforeAll(async () => {
    const node = await db.node.create({ data: { name: "n1", agentUrl: "http://127.0.0.1:1" } });
    const tenant = await db.tenant.create({ data: { name: "t1" } });
    const c = await db.container.create({
      data: {
        nodeId: node.id,
        ctid: 101,
        tenantId: tenant.id,
        hostname: "a.example",
        ramMb: 256,
        diskspaceMb: 1024,
        diskspaceLimitMb: 1024,
      },
    });
    containerId = c.id;
  });
  afterAll(async () => {
    await db.$disconnect();
    testDb.cleanup();
  });

  it("refuses a second active task on the same container, with a message saying what to do", async () => {
    await enqueueTask({ actor: SYSTEM_ACTOR, type: "container.start", containerId });
    await expect(
      enqueueTask({ actor: SYSTEM_ACTOR, type: "container.stop", containerId }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("Wait for it to finish"),
    });
    expect(await db.task.count({ where: { containerId } })).toBe(1);
  });

  it("allows a new task once the first one released its lock", async () => {
    await db.task.updateMany({ where: { containerId }, data: { status: "SUCCEEDED", lockKey: null } });
    const task = await enqueueTask({ actor: SYSTEM_ACTOR, type: "container.stop", containerId });
    expect(task.status).toBe("QUEUED");
    expect(task.commandId).toMatch(/^t-[A-Za-z0-9_-]{16}$/);
  });

  it("records the queued action in the audit log", async () => {
    expect(
      await db.auditEvent.count({ where: { action: "container.stop", targetId: containerId } }),
    ).toBeGreaterThan(0);
  });
});
