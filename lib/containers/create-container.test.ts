import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { createContainer } = await import("./create-container");

// On PostgreSQL a transaction is one connection: queries overlapping on it are queued by pg 8 with a warning
// (emitted once per process) and refused from pg 9. Every create below runs in such a transaction.
const overlapWarnings: string[] = [];
process.on("warning", (w) => {
  if (w.message.includes("already executing a query")) overlapWarnings.push(w.message);
});

const admin: UserActor = {
  kind: "user",
  userId: "a",
  email: "a@x.test",
  name: "A",
  role: "ADMIN",
  tenantId: null,
  locale: "en",
  isDisabled: false,
};
let ids: { tenant: string; node: string; template: string; plan: string; pool: string };

function input(hostname: string, extra: Record<string, unknown> = {}) {
  return {
    tenantId: ids.tenant,
    nodeId: ids.node,
    templateId: ids.template,
    planId: ids.plan,
    hostname,
    ...extra,
  };
}

describe("createContainer", () => {
  beforeAll(async () => {
    await db.user.create({
      data: { id: "a", email: "a@x.test", name: "A", role: "ADMIN", passwordHash: "-" },
    });
    const node = await db.node.create({
      data: {
        name: "n1",
        agentUrl: "http://127.0.0.1:1",
        status: "ONLINE",
        memoryMb: 100_000,
        diskFreeMb: 1_000_000,
        publicKey: "x",
      },
    });
    const tenant = await db.tenant.create({ data: { name: "A", maxContainers: 25 } });
    const template = await db.osTemplate.create({
      data: {
        name: "busybox-1.35-x86_64-test",
        distro: "busybox",
        version: "1.35",
        arch: "x86_64",
        sha256: "0".repeat(64),
        sizeBytes: 1,
        format: "tar",
      },
    });
    const plan = await db.plan.create({
      data: { name: "basic", ramMb: 256, diskspaceMb: 1024, diskspaceLimitMb: 1024 },
    });
    // 22 usable addresses: 10.9.0.0/27 without network, broadcast and gateway = 29.
    const pool = await db.ipPool.create({
      data: {
        name: "p",
        cidr: "10.9.0.0/27",
        ipVersion: 4,
        gateway: "10.9.0.1",
        nodes: { create: { nodeId: node.id } },
      },
    });
    ids = { tenant: tenant.id, node: node.id, template: template.id, plan: plan.id, pool: pool.id };
  });
  afterAll(async () => {
    await db.$disconnect();
    testDb.cleanup();
  });

  it("queues the create task with the plan's limits, the next CTID and the first free address", async () => {
    const res = await createContainer({ actor: admin, input: input("one.example.com") });
    expect(res.container).toMatchObject({ ctid: 101, addresses: ["10.9.0.2"] });
    expect(res.generatedPassword).toMatch(/^\S{20}$/);
    const task = await db.task.findUniqueOrThrow({ where: { id: res.task.id } });
    expect(task).toMatchObject({ type: "container.create", status: "QUEUED", lockKey: res.container.id });
    // The root password travels sealed, never in clear, in the task.
    expect(task.input).not.toContain(res.generatedPassword as string);
    expect(JSON.parse(task.input).rootPasswordSealed).toMatch(/^v1\./);
  });

  it("gives 20 concurrent creates 20 different CTIDs and addresses", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        createContainer({ actor: admin, input: input(`c${i}.example.com`) }),
      ),
    );
    const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const failed = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
    expect(failed).toEqual([]);
    expect(new Set(ok.map((r) => r.container.ctid)).size).toBe(20);
    expect(new Set(ok.flatMap((r) => r.container.addresses)).size).toBe(20);
  });

  it("refuses a host name the tenant already uses, with the field named", async () => {
    await expect(createContainer({ actor: admin, input: input("one.example.com") })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "hostname",
    });
  });

  it("fails clearly when the pool runs out, and leaves nothing behind", async () => {
    const before = await db.container.count();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        createContainer({ actor: admin, input: input(`x${i}.example.com`) }),
      ),
    );
    const errors = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as Error).message] : []));
    const created = results.filter((r) => r.status === "fulfilled").length;
    expect(created + before).toBeLessThanOrEqual(25);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(/no free address|at most 25 containers/);
    expect(await db.container.count()).toBe(before + created);
  });

  it("enforces the tenant's container cap", async () => {
    await db.tenant.update({ where: { id: ids.tenant }, data: { maxContainers: 1 } });
    await expect(createContainer({ actor: admin, input: input("capped.example.com") })).rejects.toMatchObject(
      {
        reason: "tenant-cap",
      },
    );
  });

  it("is admin-only: a customer gets not found", async () => {
    const customer: UserActor = { ...admin, role: "CUSTOMER", tenantId: ids.tenant };
    await expect(createContainer({ actor: customer, input: input("z.example.com") })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses a weak typed root password with the same rules as a reset, and creates nothing", async () => {
    const before = await db.container.count();
    await expect(
      createContainer({ actor: admin, input: input("weakpw.example.com", { rootPassword: "Password123!" }) }),
    ).rejects.toMatchObject({ code: "VALIDATION", field: "rootPassword" });
    expect(await db.container.count()).toBe(before);
  });

  it("never runs two queries at once in its transaction (pg 9 refuses that)", () => {
    expect(overlapWarnings).toEqual([]);
  });
});
