import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { provisionCustomer } = await import("./provision-customer");

let billing: UserActor;
let ids: { plan: string; template: string };

const order = (n: string, extra: Record<string, unknown> = {}) => ({
  tenant: { name: `Order ${n}` },
  user: { email: `owner-${n}@order.test`, name: `Owner ${n}` },
  container: { planId: ids.plan, templateId: ids.template, hostname: `vps-${n}.order.test` },
  ...extra,
});

beforeAll(async () => {
  const admin = await db.user.create({
    data: { email: "billing@order.test", name: "Billing", role: "ADMIN", passwordHash: "-" },
  });
  // A billing system's token: provision scope, not admin.
  billing = {
    kind: "user",
    userId: admin.id,
    email: admin.email,
    name: admin.name,
    role: "ADMIN",
    tenantId: null,
    locale: "en",
    isDisabled: false,
    tokenScopes: ["read", "provision"],
    tokenId: "t1",
  };
  const node = await db.node.create({
    data: {
      name: "order-node",
      agentUrl: "http://127.0.0.1:9",
      status: "ONLINE",
      memoryMb: 100_000,
      diskFreeMb: 1_000_000,
    },
  });
  await db.ipPool.create({
    data: { name: "order-pool", cidr: "10.43.0.0/28", ipVersion: 4, nodes: { create: { nodeId: node.id } } },
  });
  const template = await db.osTemplate.create({
    data: {
      name: "busybox-order",
      distro: "busybox",
      version: "1",
      arch: "x86_64",
      sha256: "0".repeat(64),
      sizeBytes: 1,
      format: "tar.gz",
    },
  });
  const plan = await db.plan.create({
    data: { name: "order-basic", ramMb: 128, diskspaceMb: 512, diskspaceLimitMb: 512 },
  });
  ids = { plan: plan.id, template: template.id };
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

describe("provisionCustomer", () => {
  it("makes a customer, never an admin, with the provision scope alone", async () => {
    const done = await provisionCustomer({
      actor: billing,
      input: order("1", { user: { email: "owner-1@order.test", name: "O", role: "ADMIN" } }),
    });
    const user = await db.user.findUniqueOrThrow({ where: { id: done.user.id } });
    expect(user).toMatchObject({ role: "CUSTOMER", tenantId: done.tenant.id });
    expect(done.userPassword).toMatch(/^.{20}$/);
    const container = await db.container.findUniqueOrThrow({ where: { id: done.container.id } });
    expect(container.tenantId).toBe(done.tenant.id);
  });

  it("names the part at fault and creates nothing when a password is too weak", async () => {
    await expect(
      provisionCustomer({
        actor: billing,
        input: order("2", { user: { email: "owner-2@order.test", name: "O", password: "short" } }),
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", field: "user.password" });
    expect(await db.tenant.count({ where: { name: "Order 2" } })).toBe(0);
  });

  it("lets one of two concurrent orders for the same tenant name through and leaves nothing of the other", async () => {
    const results = await Promise.allSettled([
      provisionCustomer({ actor: billing, input: { ...order("3a"), tenant: { name: "Order Race" } } }),
      provisionCustomer({ actor: billing, input: { ...order("3b"), tenant: { name: "Order Race" } } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost?.status === "rejected" ? lost.reason : null).toMatchObject({
      code: "CONFLICT",
      field: "tenant.name",
    });
    expect(await db.tenant.count({ where: { name: "Order Race" } })).toBe(1);
    const users = await db.user.count({
      where: { email: { in: ["owner-3a@order.test", "owner-3b@order.test"] } },
    });
    expect(users).toBe(1);
    expect(
      await db.container.count({ where: { hostname: { in: ["vps-3a.order.test", "vps-3b.order.test"] } } }),
    ).toBe(1);
  });

  it("undoes the tenant and user when the pool runs out at the container step", async () => {
    // A /28 has 14 host addresses; take every free one so the container step finds none.
    const pool = await db.ipPool.findFirstOrThrow({ where: { name: "order-pool" } });
    const taken = new Set(
      (await db.ipAddress.findMany({ where: { poolId: pool.id }, select: { address: true } })).map(
        (a) => a.address,
      ),
    );
    const free = Array.from({ length: 14 }, (_, i) => `10.43.0.${i + 1}`).filter((a) => !taken.has(a));
    await db.ipAddress.createMany({
      data: free.map((address) => ({ poolId: pool.id, address, isReserved: true })),
    });
    await expect(provisionCustomer({ actor: billing, input: order("4") })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await db.tenant.count({ where: { name: "Order 4" } })).toBe(0);
    expect(await db.user.count({ where: { email: "owner-4@order.test" } })).toBe(0);
    const failure = await db.auditEvent.findFirstOrThrow({
      where: { action: "provision.customer", result: "failure" },
    });
    expect(JSON.parse(failure.details)).toMatchObject({ rolledBack: true, code: "CONFLICT" });
  });
});
