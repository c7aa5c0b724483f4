import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { createIpPool } = await import("./create-ip-pool");
const { updateIpPool } = await import("./update-ip-pool");
const { deleteIpPool } = await import("./delete-ip-pool");
const { getIpPool } = await import("./get-ip-pool");
const { listIpPools } = await import("./list-ip-pools");
const { getIpAddressTotals } = await import("./get-ip-address-totals");
const { reserveIpAddress } = await import("./reserve-ip-address");
const { unreserveIpAddress } = await import("./unreserve-ip-address");
const { allocateIpAddress } = await import("./allocate-ip-address");
const { releaseContainerIpAddresses } = await import("./release-container-ip-addresses");

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
let n1 = "";
let n2 = "";
let tenantId = "";

async function makeContainer(ctid: number, nodeId = n1) {
  const c = await db.container.create({
    data: {
      nodeId,
      ctid,
      tenantId,
      hostname: `ct${ctid}.example`,
      ramMb: 256,
      diskspaceMb: 1024,
      diskspaceLimitMb: 1024,
    },
    select: { id: true },
  });
  return c.id;
}

beforeAll(async () => {
  admin.userId = (
    await db.user.create({ data: { email: admin.email, name: "Admin", passwordHash: "x", role: "ADMIN" } })
  ).id;
  n1 = (await db.node.create({ data: { name: "n1", agentUrl: "http://127.0.0.1:1" } })).id;
  n2 = (await db.node.create({ data: { name: "n2", agentUrl: "http://127.0.0.1:2" } })).id;
  tenantId = (await db.tenant.create({ data: { name: "t1" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

describe("IP pool management", () => {
  let v4 = "";
  let v6 = "";

  it("creates an IPv4 pool with normalised values and the nodes it serves", async () => {
    const pool = await createIpPool({
      actor: admin,
      input: {
        name: "public v4",
        cidr: " 198.51.100.0/24 ",
        gateway: "198.51.100.1",
        nameservers: "192.0.2.53, 192.0.2.54",
        nodeIds: [n1, n2, n1],
      },
    });
    v4 = pool.id;
    const p = await getIpPool({ actor: admin, poolId: v4 });
    expect(p).toMatchObject({
      cidr: "198.51.100.0/24",
      ipVersion: 4,
      gateway: "198.51.100.1",
      nameservers: "192.0.2.53 192.0.2.54",
    });
    expect(p.nodes.map((n) => n.name)).toEqual(["n1", "n2"]);
    expect(p.usage).toEqual({ total: 253n, used: 0, reserved: 0, free: 253n });
    expect(await db.ipAddress.count({ where: { poolId: v4 } })).toBe(0);
  });

  it("creates an IPv6 pool with a link-local gateway and writes addresses in RFC 5952 form", async () => {
    const pool = await createIpPool({
      actor: admin,
      input: {
        name: "public v6",
        cidr: "2001:DB8:0:0::/64",
        gateway: "FE80::1",
        nameservers: "2001:db8::0053",
        nodeIds: n1,
      },
    });
    v6 = pool.id;
    const p = await getIpPool({ actor: admin, poolId: v6 });
    expect(p).toMatchObject({
      cidr: "2001:db8::/64",
      ipVersion: 6,
      gateway: "fe80::1",
      nameservers: "2001:db8::53",
    });
    expect(p.usage.free).toBe(2n ** 64n - 1n);
  });

  it("refuses overlapping blocks, a gateway outside the block, host bits and bad nameservers", async () => {
    const attempt = (input: Record<string, unknown>) =>
      createIpPool({ actor: admin, input: { name: "x", cidr: "203.0.113.0/24", ...input } });
    await expect(attempt({ cidr: "198.51.100.128/25" })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "cidr",
      message: expect.stringContaining("overlaps IP pool public v4 (198.51.100.0/24)"),
    });
    await expect(attempt({ gateway: "198.51.100.1" })).rejects.toMatchObject({
      field: "gateway",
      message: "Gateway 198.51.100.1 must be a host address inside 203.0.113.0/24.",
    });
    await expect(attempt({ gateway: "203.0.113.255" })).rejects.toMatchObject({ field: "gateway" });
    await expect(attempt({ gateway: "2001:db8::1" })).rejects.toMatchObject({
      field: "gateway",
      message: expect.stringContaining("is not an IPv4 address"),
    });
    await expect(attempt({ cidr: "203.0.113.7/24" })).rejects.toMatchObject({
      field: "cidr",
      message: expect.stringContaining("the network is 203.0.113.0/24"),
    });
    await expect(attempt({ nameservers: "8.8.8.8 dns.example" })).rejects.toMatchObject({
      field: "nameservers",
      message: expect.stringContaining('Nameserver "dns.example" is not an IP address'),
    });
    await expect(attempt({ name: "public v4" })).rejects.toMatchObject({ code: "CONFLICT", field: "name" });
    await expect(attempt({ nodeIds: ["no-such-node"] })).rejects.toMatchObject({ field: "nodeIds" });
  });

  it("reserves an address with a note and counts it, then removes the reservation", async () => {
    await reserveIpAddress({
      actor: admin,
      poolId: v4,
      input: { address: "198.51.100.10", note: "load balancer" },
    });
    await expect(
      reserveIpAddress({ actor: admin, poolId: v4, input: { address: "198.51.100.10", note: "" } }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already reserved") });
    await expect(
      reserveIpAddress({ actor: admin, poolId: v4, input: { address: "203.0.113.10", note: "" } }),
    ).rejects.toMatchObject({
      field: "address",
      message: expect.stringContaining("not in this pool's block"),
    });
    await expect(
      reserveIpAddress({ actor: admin, poolId: v4, input: { address: "198.51.100.1", note: "" } }),
    ).rejects.toMatchObject({ message: expect.stringContaining("the gateway") });
    const p = await getIpPool({ actor: admin, poolId: v4 });
    expect(p.usage).toMatchObject({ used: 0, reserved: 1, free: 252n });
    expect(p.addresses).toEqual([
      expect.objectContaining({ address: "198.51.100.10", isReserved: true, note: "load balancer" }),
    ]);

    await reserveIpAddress({ actor: admin, poolId: v4, input: { address: "198.51.100.11", note: "" } });
    await unreserveIpAddress({ actor: admin, poolId: v4, address: "198.51.100.11" });
    expect(await db.ipAddress.count({ where: { poolId: v4, address: "198.51.100.11" } })).toBe(0);
  });

  it("counts used addresses and lists them in address order with their containers", async () => {
    const c = await makeContainer(101);
    for (let i = 0; i < 9; i++) await allocateIpAddress({ nodeId: n1, containerId: c, poolId: v4 });
    const p = await getIpPool({ actor: admin, poolId: v4 });
    expect(p.usage).toMatchObject({ used: 9, reserved: 1, free: 243n });
    expect(p.addresses.map((a) => a.address)).toEqual([
      "198.51.100.2",
      "198.51.100.3",
      "198.51.100.4",
      "198.51.100.5",
      "198.51.100.6",
      "198.51.100.7",
      "198.51.100.8",
      "198.51.100.9",
      "198.51.100.10",
      "198.51.100.11",
    ]);
    expect(p.addresses[0]?.container).toMatchObject({ ctid: 101, node: { name: "n1" } });
    const listed = (await listIpPools({ actor: admin })).find((x) => x.id === v4);
    expect(listed?.usage).toEqual(p.usage);
    // Both pools: the IPv4 one and the /64.
    expect(await getIpAddressTotals({ actor: admin })).toEqual({
      pools: 2,
      used: 9,
      reserved: 1,
      free: 243n + 2n ** 64n - 1n,
      total: 253n + 2n ** 64n - 1n,
    });
  });

  it("refuses a block change that would leave addresses outside, and a gateway in use", async () => {
    const base = {
      name: "public v4",
      cidr: "198.51.100.0/24",
      gateway: "198.51.100.1",
      nameservers: "",
      nodeIds: [n1],
    };
    await expect(
      updateIpPool({ actor: admin, poolId: v4, input: { ...base, cidr: "198.51.100.0/29", gateway: "" } }),
    ).rejects.toMatchObject({
      field: "cidr",
      message: expect.stringContaining("198.51.100.7 (container CTID 101"),
    });
    await expect(
      updateIpPool({ actor: admin, poolId: v4, input: { ...base, gateway: "198.51.100.2" } }),
    ).rejects.toMatchObject({
      field: "gateway",
      message: expect.stringContaining("is used by container CTID 101"),
    });
    // Growing the block and dropping a node are fine.
    await updateIpPool({
      actor: admin,
      poolId: v4,
      input: { ...base, cidr: "198.51.100.0/23", name: "public-v4" },
    });
    const p = await getIpPool({ actor: admin, poolId: v4 });
    expect(p).toMatchObject({ name: "public-v4", cidr: "198.51.100.0/23", nameservers: "" });
    expect(p.nodes.map((n) => n.name)).toEqual(["n1"]);
    expect(p.usage.total).toBe(509n);
  });

  it("refuses to delete a pool with addresses in use, and deletes it once they are released", async () => {
    await expect(deleteIpPool({ actor: admin, poolId: v4 })).rejects.toMatchObject({
      code: "CONFLICT",
      message:
        "IP pool public-v4 has 9 addresses in use (198.51.100.2: CTID 101 on n1, 198.51.100.3: CTID 101 on n1, 198.51.100.4: CTID 101 on n1, …). Remove them from their containers first, then delete the pool.",
    });
    const c = (await db.container.findFirstOrThrow({ where: { ctid: 101 } })).id;
    await releaseContainerIpAddresses({ containerId: c });
    expect((await getIpPool({ actor: admin, poolId: v4 })).usage).toMatchObject({ used: 0, reserved: 1 });
    await deleteIpPool({ actor: admin, poolId: v4 });
    expect(await db.ipPool.count({ where: { id: v4 } })).toBe(0);
    expect(await db.ipAddress.count({ where: { poolId: v4 } })).toBe(0);
    expect(
      await db.auditEvent.count({ where: { targetId: v4, action: { startsWith: "ip-pool." } } }),
    ).toBeGreaterThanOrEqual(5);
  });

  it("is admin-only", async () => {
    const customer: UserActor = { ...admin, userId: "c", role: "CUSTOMER", tenantId };
    await expect(listIpPools({ actor: customer })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getIpPool({ actor: customer, poolId: v6 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteIpPool({ actor: customer, poolId: v6 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
