import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { listContainers } = await import("./list-containers");

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
let customerA: UserActor;

describe("listContainers", () => {
  beforeAll(async () => {
    const n1 = await db.node.create({ data: { name: "n1", agentUrl: "" } });
    const n2 = await db.node.create({ data: { name: "n2", agentUrl: "" } });
    const ta = await db.tenant.create({ data: { name: "A" } });
    const tb = await db.tenant.create({ data: { name: "B" } });
    customerA = { ...admin, userId: "c", role: "CUSTOMER", tenantId: ta.id };
    const base = { ramMb: 256, diskspaceMb: 1024, diskspaceLimitMb: 1024 };
    for (let i = 0; i < 30; i++) {
      await db.container.create({
        data: {
          ...base,
          nodeId: i % 2 ? n1.id : n2.id,
          tenantId: i < 20 ? ta.id : tb.id,
          ctid: 101 + i,
          hostname: `host${i}.example.com`,
          status: i % 3 === 0 ? "RUNNING" : "STOPPED",
        },
      });
    }
  });
  afterAll(async () => {
    await db.$disconnect();
    testDb.cleanup();
  });

  it("pages in the database and counts the total", async () => {
    const first = await listContainers({ actor: admin, query: { pageSize: 10, sort: "ctid" } });
    expect(first.total).toBe(30);
    expect(first.pages).toBe(3);
    expect(first.rows.map((r) => r.ctid)).toEqual([101, 102, 103, 104, 105, 106, 107, 108, 109, 110]);
    const third = await listContainers({ actor: admin, query: { pageSize: 10, page: 3, sort: "ctid" } });
    expect(third.rows.at(-1)?.ctid).toBe(130);
  });

  it("filters by status and searches by CTID or host name", async () => {
    const running = await listContainers({ actor: admin, query: { status: "RUNNING" } });
    expect(running.total).toBe(10);
    expect((await listContainers({ actor: admin, query: { q: "115" } })).rows.map((r) => r.ctid)).toEqual([
      115,
    ]);
    expect((await listContainers({ actor: admin, query: { q: "HOST2" } })).total).toBe(11); // host2, host20-29
  });

  it("shows a customer only their tenant's containers, whatever tenant filter they send", async () => {
    const mine = await listContainers({ actor: customerA, query: { pageSize: 200 } });
    expect(mine.total).toBe(20);
    const tenantB = await db.tenant.findUniqueOrThrow({ where: { name: "B" } });
    const sneaky = await listContainers({ actor: customerA, query: { tenant: tenantB.id } });
    expect(sneaky.rows.every((r) => r.tenant.name === "A")).toBe(true);
  });

  it("falls back to defaults for a malformed query instead of failing", async () => {
    const res = await listContainers({
      actor: admin,
      query: { page: "-4", sort: "drop table", status: "nope" },
    });
    expect(res.query).toMatchObject({ page: 1, sort: "-created", status: "" });
  });
});
