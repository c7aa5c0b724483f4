import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { allocateIpAddress } = await import("./allocate-ip-address");
const { releaseContainerIpAddresses } = await import("./release-container-ip-addresses");
const { assignIpAddress } = await import("./assign-ip-address");
const { releaseIpAddress } = await import("./release-ip-address");

let nodeId = "";
let otherNodeId = "";
let tenantId = "";
let nextCtid = 100;

async function makeContainers(n: number, onNode = nodeId): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const ctid = ++nextCtid;
    const c = await db.container.create({
      data: {
        nodeId: onNode,
        ctid,
        tenantId,
        hostname: `ct${ctid}.example`,
        ramMb: 256,
        diskspaceMb: 1024,
        diskspaceLimitMb: 1024,
      },
      select: { id: true },
    });
    ids.push(c.id);
  }
  return ids;
}

async function makePool(name: string, cidr: string, options: { gateway?: string; nodes?: string[] } = {}) {
  const pool = await db.ipPool.create({
    data: {
      name,
      cidr,
      ipVersion: cidr.includes(":") ? 6 : 4,
      gateway: options.gateway ?? null,
      nameservers: "192.0.2.53",
      nodes: { create: (options.nodes ?? [nodeId]).map((id) => ({ nodeId: id })) },
    },
    select: { id: true },
  });
  return pool.id;
}

beforeAll(async () => {
  nodeId = (await db.node.create({ data: { name: "n1", agentUrl: "http://127.0.0.1:1" } })).id;
  otherNodeId = (await db.node.create({ data: { name: "n2", agentUrl: "http://127.0.0.1:2" } })).id;
  tenantId = (await db.tenant.create({ data: { name: "t1" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

describe("allocateIpAddress", () => {
  it("gives 20 concurrent allocations from one pool 20 different addresses", async () => {
    const poolId = await makePool("busy", "10.20.0.0/24", { gateway: "10.20.0.1", nodes: [otherNodeId] });
    const containers = await makeContainers(20, otherNodeId);
    const results = await Promise.all(
      containers.map((containerId) => allocateIpAddress({ nodeId: otherNodeId, containerId, poolId })),
    );
    const addresses = results.map((r) => r.address);
    expect(new Set(addresses).size).toBe(20);
    // The first free host addresses, skipping the network address and the gateway.
    expect([...addresses].sort((a, b) => Number(a.split(".")[3]) - Number(b.split(".")[3]))).toEqual(
      Array.from({ length: 20 }, (_, i) => `10.20.0.${i + 2}`),
    );
    const rows = await db.ipAddress.findMany({
      where: { poolId },
      select: { containerId: true, allocatedAt: true },
    });
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.containerId)).size).toBe(20);
    expect(rows.every((r) => r.allocatedAt instanceof Date)).toBe(true);
  });

  it("gives 20 concurrent allocations inside 20 transactions (as container creates do) 20 different addresses", async () => {
    const poolId = await makePool("busy-tx", "10.21.0.0/24", { nodes: [otherNodeId] });
    const containers = await makeContainers(20, otherNodeId);
    const results = await Promise.all(
      containers.map((containerId) =>
        db.$transaction((tx) => allocateIpAddress({ tx, nodeId: otherNodeId, containerId, poolId }), {
          maxWait: 20_000,
          timeout: 20_000,
        }),
      ),
    );
    expect(new Set(results.map((r) => r.address)).size).toBe(20);
    expect(await db.ipAddress.count({ where: { poolId } })).toBe(20);
  });

  it("gives a pool with 3 free addresses to 3 of 5 concurrent allocations and 2 clear failures", async () => {
    // 10.30.0.0/29: hosts .1-.6; .1 is the gateway, .2 and .3 reserved: .4 .5 .6 are free.
    const poolId = await makePool("small", "10.30.0.0/29", { gateway: "10.30.0.1" });
    await db.ipAddress.createMany({
      data: [
        { poolId, address: "10.30.0.2", isReserved: true, note: "router b" },
        { poolId, address: "10.30.0.3", isReserved: true },
      ],
    });
    const containers = await makeContainers(5);
    const settled = await Promise.allSettled(
      containers.map((containerId) => allocateIpAddress({ nodeId, containerId, poolId })),
    );
    const ok = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.address] : []));
    const failed = settled.flatMap((s) => (s.status === "rejected" ? [s.reason] : []));
    expect(ok.sort()).toEqual(["10.30.0.4", "10.30.0.5", "10.30.0.6"]);
    expect(failed).toHaveLength(2);
    for (const err of failed) {
      expect(err).toMatchObject({
        code: "CONFLICT",
        message: expect.stringContaining("IP pool small has no free address"),
      });
    }
  });

  it("returns the pool's network settings with the address", async () => {
    const poolId = await makePool("v6", "2001:db8:42::/64", { gateway: "fe80::1" });
    const [containerId = ""] = await makeContainers(1);
    const a = await allocateIpAddress({ nodeId, containerId, poolId });
    expect(a).toMatchObject({
      poolId,
      poolName: "v6",
      address: "2001:db8:42::1",
      ipVersion: 6,
      prefix: 64,
      gateway: "fe80::1",
      nameservers: "192.0.2.53",
    });
    expect(await db.ipAddress.count({ where: { poolId } })).toBe(1); // no /64 materialised
  });

  it("picks a pool serving the node by itself: IPv4 unless IPv6 is asked for, and never falls back", async () => {
    const n4 = (await db.node.create({ data: { name: "n4", agentUrl: "http://127.0.0.1:4" } })).id;
    await makePool("n4-v6", "2001:db8:44::/64", { nodes: [n4] });
    await makePool("n4-v4", "10.44.0.0/30", { nodes: [n4] });
    const [c1 = "", c2 = "", c3 = ""] = await makeContainers(3, n4);
    expect(await allocateIpAddress({ nodeId: n4, containerId: c1 })).toMatchObject({ address: "10.44.0.1" });
    expect(await allocateIpAddress({ nodeId: n4, containerId: c2, ipVersion: 6 })).toMatchObject({
      address: "2001:db8:44::1",
    });
    expect(await allocateIpAddress({ nodeId: n4, containerId: c2 })).toMatchObject({ address: "10.44.0.2" });
    // The IPv4 pool is full: no silent IPv6 instead.
    await expect(allocateIpAddress({ nodeId: n4, containerId: c3 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("IP pool n4-v4 has no free address"),
    });
  });

  it("refuses a pool that does not serve the node, and a node without pools", async () => {
    const poolId = await makePool("elsewhere", "10.40.0.0/24", { nodes: [otherNodeId] });
    const [containerId = ""] = await makeContainers(1);
    await expect(allocateIpAddress({ nodeId, containerId, poolId })).rejects.toMatchObject({
      code: "VALIDATION",
      message: "IP pool elsewhere does not serve node n1. Add the node to the pool, or choose another pool.",
    });
    const lonely = (await db.node.create({ data: { name: "n3", agentUrl: "http://127.0.0.1:3" } })).id;
    await expect(allocateIpAddress({ nodeId: lonely, containerId })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("No IP pool serves node n3"),
    });
  });

  it("gives a chosen address, and says who holds it when it is taken", async () => {
    const poolId = await makePool("chosen", "10.50.0.0/24", { gateway: "10.50.0.1" });
    const [c1 = "", c2 = ""] = await makeContainers(2);
    const a = await allocateIpAddress({ nodeId, containerId: c1, address: "10.50.0.100" });
    expect(a).toMatchObject({ poolId, address: "10.50.0.100" });
    const holder = await db.container.findUniqueOrThrow({ where: { id: c1 }, select: { ctid: true } });
    await expect(
      allocateIpAddress({ nodeId, containerId: c2, address: "10.50.0.100" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: `Address 10.50.0.100 is already used by container CTID ${holder.ctid} (ct${holder.ctid}.example) on node n1. Choose another address.`,
    });
    await expect(allocateIpAddress({ nodeId, containerId: c2, address: "10.50.0.1" })).rejects.toMatchObject({
      message: expect.stringContaining("is the gateway"),
    });
    await expect(
      allocateIpAddress({ nodeId, containerId: c2, address: "10.50.0.255" }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("network or broadcast"),
    });
    await expect(allocateIpAddress({ nodeId, containerId: c2, address: "10.99.0.5" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("Address 10.99.0.5 is not in any IP pool serving node n1"),
    });
    await expect(allocateIpAddress({ nodeId, containerId: c2, address: "10.40.0.5" })).rejects.toMatchObject({
      message: expect.stringContaining("not in any IP pool serving node n1"), // in a pool, but of node n2
    });
  });

  it("lets an admin give a reserved address by hand, and it stays reserved when released", async () => {
    const poolId = await makePool("res", "10.60.0.0/24");
    await db.ipAddress.create({ data: { poolId, address: "10.60.0.10", isReserved: true, note: "for vip" } });
    const [c1 = ""] = await makeContainers(1);
    const auto = await allocateIpAddress({ nodeId, containerId: c1, poolId });
    expect(auto.address).toBe("10.60.0.1");
    const chosen = await allocateIpAddress({ nodeId, containerId: c1, address: "10.60.0.10" });
    expect(chosen.address).toBe("10.60.0.10");
    const released = await releaseContainerIpAddresses({ containerId: c1 });
    expect(released.map((r) => r.address).sort()).toEqual(["10.60.0.1", "10.60.0.10"]);
    const rows = await db.ipAddress.findMany({
      where: { poolId },
      select: { address: true, isReserved: true, containerId: true, note: true },
    });
    expect(rows).toEqual([{ address: "10.60.0.10", isReserved: true, containerId: null, note: "for vip" }]);
  });
});

describe("releaseContainerIpAddresses", () => {
  it("returns addresses to the pool: the next allocation gets the lowest free one again", async () => {
    const poolId = await makePool("cycle", "10.70.0.0/29");
    const [c1 = "", c2 = "", c3 = ""] = await makeContainers(3);
    expect((await allocateIpAddress({ nodeId, containerId: c1, poolId })).address).toBe("10.70.0.1");
    expect((await allocateIpAddress({ nodeId, containerId: c2, poolId })).address).toBe("10.70.0.2");
    await releaseContainerIpAddresses({ containerId: c1 });
    expect(await db.ipAddress.count({ where: { containerId: c1 } })).toBe(0);
    expect((await allocateIpAddress({ nodeId, containerId: c3, poolId })).address).toBe("10.70.0.1");
  });

  it("works inside the caller's transaction", async () => {
    const poolId = await makePool("tx", "10.80.0.0/24");
    const [c1 = ""] = await makeContainers(1);
    await db.$transaction(async (tx) => {
      await allocateIpAddress({ tx, nodeId, containerId: c1, poolId });
      await allocateIpAddress({ tx, nodeId, containerId: c1, poolId });
    });
    expect(await db.ipAddress.count({ where: { containerId: c1 } })).toBe(2);
    await db.$transaction((tx) => releaseContainerIpAddresses({ tx, containerId: c1 }));
    expect(await db.ipAddress.count({ where: { poolId } })).toBe(0);
  });
});

describe("assignIpAddress / releaseIpAddress", () => {
  it("adds and removes an address by hand, with an audit event each", async () => {
    await makePool("manual", "10.90.0.0/24");
    const [c1 = ""] = await makeContainers(1);
    const a = await assignIpAddress({ actor: SYSTEM_ACTOR, containerId: c1, address: "10.90.0.7" });
    expect(a.address).toBe("10.90.0.7");
    await expect(
      releaseIpAddress({ actor: SYSTEM_ACTOR, containerId: c1, address: "10.90.0.8" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await releaseIpAddress({ actor: SYSTEM_ACTOR, containerId: c1, address: "10.90.0.7" });
    expect(await db.ipAddress.count({ where: { containerId: c1 } })).toBe(0);
    expect(
      await db.auditEvent.count({
        where: { targetId: c1, action: { in: ["container.ip-add", "container.ip-remove"] } },
      }),
    ).toBe(2);
  });

  it("answers a customer as if the container did not exist", async () => {
    const [c1 = ""] = await makeContainers(1);
    const customer = {
      kind: "user" as const,
      userId: "u1",
      email: "c@example.test",
      name: "C",
      role: "CUSTOMER" as const,
      tenantId,
      locale: "en",
      isDisabled: false,
    };
    await expect(assignIpAddress({ actor: customer, containerId: c1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(assignIpAddress({ actor: customer, containerId: "nope" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
