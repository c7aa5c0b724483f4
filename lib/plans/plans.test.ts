import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { createPlan } = await import("./create-plan");
const { updatePlan } = await import("./update-plan");
const { deletePlan } = await import("./delete-plan");
const { getPlan } = await import("./get-plan");
const { listPlans } = await import("./list-plans");
const { applyPlanToContainers } = await import("./apply-plan-to-containers");
const { proposeNodeSplit } = await import("./propose-node-split");
const { enqueueTask } = await import("../tasks/enqueue-task");

const admin: UserActor = {
  kind: "user",
  userId: "",
  email: "admin@example.test",
  name: "Admin",
  role: "ADMIN",
  tenantId: null,
  locale: "en",
  isDisabled: false,
};
let customer: UserActor;
let nodeId = "";
let tenantId = "";

const basic = { name: "basic", ram: "512 MiB", swap: "1G", diskspace: "10G", numproc: "512" };

async function makeContainer(ctid: number, planId: string | null) {
  return db.container.create({
    data: {
      nodeId,
      ctid,
      tenantId,
      planId,
      hostname: `ct${ctid}.example`,
      ramMb: 512,
      swapMb: 1024,
      numproc: 512,
      diskspaceMb: 10240,
      diskspaceLimitMb: 10240,
    },
    select: { id: true },
  });
}

beforeAll(async () => {
  admin.userId = (
    await db.user.create({ data: { email: admin.email, name: "Admin", passwordHash: "x", role: "ADMIN" } })
  ).id;
  nodeId = (
    await db.node.create({
      data: { name: "n1", agentUrl: "http://127.0.0.1:1", cpus: 4, memoryMb: 8192, diskMb: 200 * 1024 },
    })
  ).id;
  tenantId = (await db.tenant.create({ data: { name: "t1" } })).id;
  customer = { ...admin, userId: "c1", email: "c@example.test", role: "CUSTOMER", tenantId };
});

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

describe("plans", () => {
  let planId = "";

  it("creates a plan from human units and audits it", async () => {
    const plan = await createPlan({ actor: admin, input: basic, ip: "192.0.2.9" });
    planId = plan.id;
    const stored = await db.plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(stored).toMatchObject({
      name: "basic",
      ramMb: 512,
      swapMb: 1024,
      diskspaceMb: 10240,
      numproc: 512,
    });
    expect(stored.cpulimit).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "plan.create", targetId: plan.id },
    });
    expect(audit).toMatchObject({ actorId: admin.userId, ip: "192.0.2.9", result: "success" });
  });

  it("refuses a second plan with the same name on the name field (the database decides)", async () => {
    await expect(createPlan({ actor: admin, input: basic })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "name",
      message: 'A plan named "basic" already exists. Choose another name.',
    });
  });

  it("refuses customers as if plans management did not exist", async () => {
    await expect(createPlan({ actor: customer, input: { ...basic, name: "x" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(deletePlan({ actor: customer, planId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Reading the catalogue is allowed to everyone signed in.
    expect((await listPlans({ actor: customer })).map((p) => p.name)).toContain("basic");
  });

  it("changes a plan without touching the containers using it, which then show as differing", async () => {
    const c = await makeContainer(101, planId);
    expect((await getPlan({ actor: admin, planId })).containers).toEqual([
      expect.objectContaining({ id: c.id, ctid: 101, matchesPlan: true, activeTask: null }),
    ]);
    const res = await updatePlan({ actor: admin, planId, input: { ...basic, ram: "1 GiB" } });
    expect(res).toMatchObject({ name: "basic", containerCount: 1 });
    expect((await db.container.findUniqueOrThrow({ where: { id: c.id } })).ramMb).toBe(512);
    const plan = await getPlan({ actor: admin, planId });
    expect(plan.ramMb).toBe(1024);
    expect(plan.containers[0]?.matchesPlan).toBe(false);
    expect(await db.task.count({ where: { containerId: c.id } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "plan.update", targetId: planId },
    });
    expect(JSON.parse(audit.details)).toMatchObject({ changed: { ramMb: { from: 512, to: 1024 } } });
  });

  it("refuses to delete a plan in use, naming its containers", async () => {
    await expect(deletePlan({ actor: admin, planId })).rejects.toMatchObject({
      code: "CONFLICT",
      message:
        "Plan basic is used by 1 container (CTID 101 on n1). Move them to another plan first, then delete it.",
    });
    expect(await db.plan.count({ where: { id: planId } })).toBe(1);
  });

  it("deletes a plan nobody uses", async () => {
    const spare = await createPlan({ actor: admin, input: { ...basic, name: "spare" } });
    await deletePlan({ actor: admin, planId: spare.id });
    expect(await db.plan.count({ where: { id: spare.id } })).toBe(0);
    await expect(deletePlan({ actor: admin, planId: spare.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("applies the plan to selected containers as one task each, reporting a busy container", async () => {
    const busy = await makeContainer(102, planId);
    const free = await makeContainer(103, planId);
    const other = await makeContainer(104, null);
    await enqueueTask({ actor: admin, type: "container.stop", containerId: busy.id, tenantId });
    const results = await applyPlanToContainers({
      actor: admin,
      planId,
      input: { containerIds: [busy.id, free.id, other.id] },
    });
    expect(results).toEqual([
      expect.objectContaining({
        containerId: busy.id,
        ctid: 102,
        ok: false,
        reason: "container-busy",
        error: expect.stringContaining("already has a task queued or running"),
      }),
      expect.objectContaining({ containerId: free.id, ctid: 103, ok: true, taskId: expect.any(String) }),
      expect.objectContaining({ containerId: other.id, ok: false, reason: "not-on-plan" }),
    ]);
    const task = await db.task.findFirstOrThrow({ where: { containerId: free.id } });
    expect(task).toMatchObject({ type: "container.apply-plan", status: "QUEUED", tenantId, nodeId });
    expect(JSON.parse(task.input)).toEqual({ planId });
    const plan = await getPlan({ actor: admin, planId });
    expect(plan.containers.find((c) => c.id === free.id)?.activeTask).toMatchObject({
      type: "container.apply-plan",
    });
  });

  it("asks for at least one container", async () => {
    await expect(
      applyPlanToContainers({ actor: admin, planId, input: { containerIds: [] } }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      message: "Select at least one container to apply the plan to.",
    });
  });
});

describe("proposeNodeSplit", () => {
  it("proposes a plan from the node's capacity", async () => {
    const p = await proposeNodeSplit({ actor: admin, input: { nodeId, count: "4" } });
    expect(p.ok).toBe(true);
    expect(p.suggestedName).toBe("n1-split-4");
    if (p.ok) expect(p.plan.ramMb).toBe(Math.floor((8192 - 819) / 4));
  });

  it("explains what to do for a node that has not reported its capacity or is too small", async () => {
    const pending = await db.node.create({ data: { name: "new", agentUrl: "http://127.0.0.1:9" } });
    await expect(
      proposeNodeSplit({ actor: admin, input: { nodeId: pending.id, count: 2 } }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("has not reported its capacity yet"),
    });
    await expect(proposeNodeSplit({ actor: admin, input: { nodeId, count: 1000 } })).rejects.toMatchObject({
      code: "VALIDATION",
      field: "count",
      message: expect.stringContaining("Choose 115 or fewer."),
    });
  });
});
