import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

// The catalogue, administration, provisioning and usage operations of /api/v1, end to end below the HTTP
// server: real database, real tokens, the router the route file exports, every answer checked against
// its documented schema.
process.env.BERTH_API_RATE_PER_MINUTE = "100000";
process.env.BERTH_API_RATE_BURST = "100000";
process.env.BERTH_API_CHECK_RESPONSES = "1";
const testDb = createTestDatabase();
const { db } = await import("../db");
const { dispatchApiRequest } = await import("./router");
const { createApiToken } = await import("../api-tokens/create-api-token");

async function call(
  token: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(options.headers ?? {}) };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await dispatchApiRequest(
    new Request(`http://panel.test/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }),
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

function actorOf(u: { id: string; email: string; role: "ADMIN" | "CUSTOMER"; tenantId: string | null }) {
  return {
    kind: "user",
    userId: u.id,
    email: u.email,
    name: u.email,
    role: u.role,
    tenantId: u.tenantId,
    locale: "en",
    isDisabled: false,
  } satisfies UserActor;
}

async function tokenFor(actor: UserActor, scopes: string[]): Promise<string> {
  const res = await createApiToken({
    actor,
    input: { name: `t-${Math.random()}`, scopes, expiresInDays: "" },
  });
  return res.secret;
}

const MISSING = "cmissing00000000000000000";
const tokens = { admin: "", adminRead: "", provision: "", customer: "" };
let ids: {
  adminUser: string;
  customerUser: string;
  tenantA: string;
  tenantB: string;
  node: string;
  pool: string;
  plan: string;
  allowed: string;
  notAllowed: string;
  disabled: string;
  containerA: string;
  containerB: string;
};

beforeAll(async () => {
  const a = await db.user.create({
    data: { email: "admin@res.test", name: "Admin", role: "ADMIN", passwordHash: "-" },
  });
  const tenantA = await db.tenant.create({ data: { name: "Res Tenant A" } });
  const tenantB = await db.tenant.create({ data: { name: "Res Tenant B", maxContainers: 5 } });
  const ca = await db.user.create({
    data: { email: "a@res.test", name: "A", role: "CUSTOMER", passwordHash: "-", tenantId: tenantA.id },
  });
  const node = await db.node.create({
    data: {
      name: "res-node",
      agentUrl: "http://127.0.0.1:9",
      status: "ONLINE",
      cpus: 8,
      memoryMb: 100_000,
      diskMb: 2_000_000,
      diskFreeMb: 1_000_000,
      publicKey: "agent-public-key-secret",
      joinTokenHash: "join-token-hash-secret",
      lastSeenAt: new Date(),
    },
  });
  const template = (name: string, isEnabled = true) =>
    db.osTemplate.create({
      data: {
        name,
        distro: "busybox",
        version: "1.35",
        arch: "x86_64",
        sha256: "0".repeat(64),
        sizeBytes: 1,
        format: "tar.gz",
        isEnabled,
        storedPath: "/var/lib/berth/templates/secret-path.tar.gz",
      },
    });
  const allowed = await template("busybox-a-allowed");
  const notAllowed = await template("busybox-b-not-allowed");
  const disabled = await template("busybox-c-disabled", false);
  await db.nodeTemplate.create({ data: { nodeId: node.id, templateId: allowed.id, isPresent: true } });
  // Tenant A's customers may use one template only; tenant B has no list, so every enabled one.
  await db.tenantTemplate.create({ data: { tenantId: tenantA.id, templateId: allowed.id } });
  const plan = await db.plan.create({
    data: { name: "res-basic", ramMb: 256, diskspaceMb: 1024, diskspaceLimitMb: 2048, cpulimit: 100 },
  });
  const pool = await db.ipPool.create({
    data: {
      name: "res-pool",
      cidr: "10.42.0.0/24",
      ipVersion: 4,
      gateway: "10.42.0.1",
      nameservers: "1.1.1.1 9.9.9.9",
      nodes: { create: { nodeId: node.id } },
    },
  });
  const container = (tenantId: string, ctid: number, hostname: string) =>
    db.container.create({
      data: {
        nodeId: node.id,
        ctid,
        tenantId,
        planId: plan.id,
        templateId: allowed.id,
        hostname,
        status: "RUNNING",
        ramMb: 256,
        diskspaceMb: 1024,
        diskspaceLimitMb: 2048,
      },
    });
  const containerA = await container(tenantA.id, 901, "a.res.test");
  const containerB = await container(tenantB.id, 902, "b.res.test");
  await db.ipAddress.createMany({
    data: [
      { poolId: pool.id, address: "10.42.0.2", containerId: containerA.id, allocatedAt: new Date() },
      { poolId: pool.id, address: "10.42.0.3", containerId: containerB.id, allocatedAt: new Date() },
      { poolId: pool.id, address: "10.42.0.9", isReserved: true, note: "router" },
    ],
  });
  ids = {
    adminUser: a.id,
    customerUser: ca.id,
    tenantA: tenantA.id,
    tenantB: tenantB.id,
    node: node.id,
    pool: pool.id,
    plan: plan.id,
    allowed: allowed.id,
    notAllowed: notAllowed.id,
    disabled: disabled.id,
    containerA: containerA.id,
    containerB: containerB.id,
  };
  const admin = actorOf({ ...a, tenantId: null });
  tokens.admin = await tokenFor(admin, ["read", "operate", "provision", "admin"]);
  tokens.adminRead = await tokenFor(admin, ["read"]);
  tokens.provision = await tokenFor(admin, ["read", "provision"]);
  tokens.customer = await tokenFor(actorOf(ca), ["read", "operate"]);
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

/**
 * A customer's answer for `path` must be the one a missing container gets (the same status and body as any
 * missing id): nothing tells an admin-only route or another tenant's id from something that is not there.
 */
async function expectHiddenFromCustomer(method: string, path: string, body?: unknown) {
  const reference = await call(tokens.customer, "GET", `/containers/${MISSING}`);
  const hidden = await call(tokens.customer, method, path, { body });
  expect(hidden.status, `${method} ${path}`).toBe(404);
  expect(hidden.body, `${method} ${path}`).toEqual(reference.body);
  expect(hidden.headers.get("content-type")).toBe("application/problem+json");
}

describe("templates", () => {
  it("shows admins every template with its state, nodes and use", async () => {
    const res = await call(tokens.adminRead, "GET", "/templates");
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: { name: string }) => t.name)).toEqual([
      "busybox-a-allowed",
      "busybox-b-not-allowed",
      "busybox-c-disabled",
    ]);
    const first = res.body.data[0];
    expect(first).toMatchObject({ isEnabled: true, containerCount: 2, nodes: [{ id: ids.node }] });
    expect(res.body.data[2].isEnabled).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain("secret-path");
    const one = await call(tokens.adminRead, "GET", `/templates/${ids.disabled}`);
    expect(one).toMatchObject({ status: 200, body: { id: ids.disabled, isEnabled: false } });
  });

  it("shows a customer only the enabled templates their tenant may use, without node details", async () => {
    const res = await call(tokens.customer, "GET", "/templates");
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ id: ids.allowed, nodes: null, containerCount: null });
    expect((await call(tokens.customer, "GET", `/templates/${ids.allowed}`)).status).toBe(200);
    await expectHiddenFromCustomer("GET", `/templates/${ids.notAllowed}`);
    await expectHiddenFromCustomer("GET", `/templates/${ids.disabled}`);
    await expectHiddenFromCustomer("GET", `/templates/${MISSING}`);
  });
});

describe("plans", () => {
  it("lists plans with their limits; the container count is for admins", async () => {
    const admin = await call(tokens.adminRead, "GET", "/plans");
    expect(admin.status).toBe(200);
    expect(admin.body.data[0]).toMatchObject({
      id: ids.plan,
      limits: { ramMb: 256, diskspaceMb: 1024, diskspaceLimitMb: 2048, cpulimit: 100, numproc: null },
      containerCount: 2,
    });
    const customer = await call(tokens.customer, "GET", "/plans");
    expect(customer.body.data[0]).toMatchObject({ id: ids.plan, containerCount: null });
    const one = await call(tokens.customer, "GET", `/plans/${ids.plan}`);
    expect(one).toMatchObject({ status: 200, body: { id: ids.plan, limits: { ramMb: 256 } } });
    expect((await call(tokens.customer, "GET", `/plans/${MISSING}`)).status).toBe(404);
  });
});

describe("nodes (admin)", () => {
  it("shows capacity, allocation, last contact and container count, never keys or join tokens", async () => {
    const list = await call(tokens.adminRead, "GET", "/nodes");
    expect(list.status).toBe(200);
    const node = list.body.data[0];
    expect(node).toMatchObject({
      id: ids.node,
      status: "ONLINE",
      capacity: { cpus: 8, memoryMb: 100_000, diskMb: 2_000_000, diskFreeMb: 1_000_000 },
      allocated: { ramMb: 512, diskMb: 4096 },
      containerCount: 2,
    });
    expect(node.lastSeenAt).toEqual(expect.any(String));
    const one = await call(tokens.adminRead, "GET", `/nodes/${ids.node}`);
    expect(one.body).toEqual(node);
    for (const text of [JSON.stringify(list.body), JSON.stringify(one.body)]) {
      expect(text).not.toContain("agent-public-key-secret");
      expect(text).not.toContain("join-token-hash-secret");
    }
    expect((await call(tokens.adminRead, "GET", `/nodes/${MISSING}`)).status).toBe(404);
  });

  it("answers customers like a missing page", async () => {
    await expectHiddenFromCustomer("GET", "/nodes");
    await expectHiddenFromCustomer("GET", `/nodes/${ids.node}`);
    await expectHiddenFromCustomer("GET", `/nodes/${MISSING}`);
  });
});

describe("IP pools (admin)", () => {
  it("lists pools and gets one with usage counts", async () => {
    const list = await call(tokens.adminRead, "GET", "/ip-pools");
    expect(list.status).toBe(200);
    // /24: 254 hosts, minus the gateway.
    expect(list.body.data[0]).toMatchObject({
      id: ids.pool,
      cidr: "10.42.0.0/24",
      nodes: [{ id: ids.node, name: "res-node" }],
      usage: { total: "253", used: 2, reserved: 1, free: "250" },
    });
    const one = await call(tokens.adminRead, "GET", `/ip-pools/${ids.pool}`);
    expect(one.body).toMatchObject({ ...list.body.data[0], nameservers: ["1.1.1.1", "9.9.9.9"] });
  });

  it("pages a pool's addresses with their holders", async () => {
    const seen: { address: string; containerId: string | null; isReserved: boolean }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res = await call(tokens.adminRead, "GET", `/ip-pools/${ids.pool}/addresses?limit=2${q}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    const byAddress = Object.fromEntries(seen.map((a) => [a.address, a]));
    expect(byAddress["10.42.0.2"]?.containerId).toBe(ids.containerA);
    expect(byAddress["10.42.0.3"]?.containerId).toBe(ids.containerB);
    expect(byAddress["10.42.0.9"]).toMatchObject({ containerId: null, isReserved: true });
    expect((await call(tokens.adminRead, "GET", `/ip-pools/${MISSING}/addresses`)).status).toBe(404);
  });

  it("answers customers like a missing page", async () => {
    await expectHiddenFromCustomer("GET", "/ip-pools");
    await expectHiddenFromCustomer("GET", `/ip-pools/${ids.pool}`);
    await expectHiddenFromCustomer("GET", `/ip-pools/${MISSING}`);
    await expectHiddenFromCustomer("GET", `/ip-pools/${ids.pool}/addresses`);
  });
});

describe("tenants (admin)", () => {
  it("creates a tenant once for a retried request with the same Idempotency-Key", async () => {
    const body = { name: "Res Created", maxContainers: 3, maxRamMb: null };
    const headers = { "idempotency-key": "tenant-order-1" };
    const first = await call(tokens.provision, "POST", "/tenants", { body, headers });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: "Res Created",
      status: "ACTIVE",
      caps: { maxContainers: 3, maxRamMb: null, maxDiskMb: null },
      userCount: 0,
      containerCount: 0,
      allocated: { ramMb: 0, diskMb: 0 },
    });
    const retry = await call(tokens.provision, "POST", "/tenants", { body, headers });
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(await db.tenant.count({ where: { name: "Res Created" } })).toBe(1);
    const dup = await call(tokens.provision, "POST", "/tenants", { body });
    expect(dup).toMatchObject({ status: 409, body: { code: "CONFLICT", field: "name" } });
  });

  it("gets a tenant and patches only the fields sent", async () => {
    const one = await call(tokens.adminRead, "GET", `/tenants/${ids.tenantB}`);
    expect(one.body).toMatchObject({
      id: ids.tenantB,
      caps: { maxContainers: 5 },
      containerCount: 1,
      allocated: { ramMb: 256, diskMb: 2048 },
    });
    const patched = await call(tokens.provision, "PATCH", `/tenants/${ids.tenantB}`, {
      body: { maxRamMb: 4096 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: "Res Tenant B",
      caps: { maxContainers: 5, maxRamMb: 4096, maxDiskMb: null },
    });
    const cleared = await call(tokens.provision, "PATCH", `/tenants/${ids.tenantB}`, {
      body: { name: "Res Tenant B2", maxContainers: null },
    });
    expect(cleared.body).toMatchObject({
      name: "Res Tenant B2",
      caps: { maxContainers: null, maxRamMb: 4096 },
    });
    const readOnly = await call(tokens.adminRead, "PATCH", `/tenants/${ids.tenantB}`, {
      body: { maxRamMb: 1 },
    });
    expect(readOnly.status).toBe(403);
    expect((await call(tokens.provision, "PATCH", `/tenants/${MISSING}`, { body: {} })).status).toBe(404);
  });

  it("pages the tenant list", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res = await call(tokens.adminRead, "GET", `/tenants?limit=1${q}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.data.map((t: { id: string }) => t.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(await db.tenant.count());
    expect(seen).toContain(ids.tenantA);
  });

  it("answers customers like a missing page, their own tenant included, and changes nothing", async () => {
    await expectHiddenFromCustomer("GET", "/tenants");
    await expectHiddenFromCustomer("GET", `/tenants/${ids.tenantA}`);
    await expectHiddenFromCustomer("GET", `/tenants/${ids.tenantB}`);
    await expectHiddenFromCustomer("GET", `/tenants/${MISSING}`);
    await expectHiddenFromCustomer("PATCH", `/tenants/${ids.tenantB}`, {
      name: "Taken Over",
    });
    await expectHiddenFromCustomer("POST", "/tenants", { name: "Customer Made" });
    expect(await db.tenant.count({ where: { name: { in: ["Taken Over", "Customer Made"] } } })).toBe(0);
  });
});

describe("users (admin)", () => {
  it("creates a user with a generated password returned once, and gets and lists it", async () => {
    const created = await call(tokens.admin, "POST", "/users", {
      body: { email: "New@Res.test", name: "New", role: "CUSTOMER", tenantId: ids.tenantA },
      headers: { "idempotency-key": "user-1" },
    });
    expect(created.status).toBe(201);
    expect(created.body.password).toMatch(/^.{20}$/);
    expect(created.body.user).toMatchObject({
      email: "new@res.test",
      role: "CUSTOMER",
      tenant: { id: ids.tenantA },
      hasTotp: false,
    });
    const id = created.body.user.id;
    const one = await call(tokens.admin, "GET", `/users/${id}`);
    expect(one.body).toEqual(created.body.user);
    expect(JSON.stringify(one.body)).not.toMatch(/passwordHash|totpSecret/);
    const ofA = await call(tokens.admin, "GET", `/users?tenantId=${ids.tenantA}`);
    expect(ofA.body.data.map((u: { id: string }) => u.id).sort()).toEqual([id, ids.customerUser].sort());
    const all = await call(tokens.admin, "GET", "/users?limit=200");
    expect(all.body.data.map((u: { id: string }) => u.id)).toContain(ids.adminUser);
  });

  it("answers customers like a missing page, their own user included", async () => {
    await expectHiddenFromCustomer("GET", "/users");
    await expectHiddenFromCustomer("GET", `/users?tenantId=${ids.tenantA}`);
    await expectHiddenFromCustomer("GET", `/users/${ids.customerUser}`);
    await expectHiddenFromCustomer("GET", `/users/${ids.adminUser}`);
    await expectHiddenFromCustomer("GET", `/users/${MISSING}`);
    await expectHiddenFromCustomer("POST", "/users", {
      email: "evil@res.test",
      name: "Evil",
      role: "ADMIN",
    });
    expect(await db.user.count({ where: { email: "evil@res.test" } })).toBe(0);
  });
});

describe("POST /provision", () => {
  const order = (n: string, container: Record<string, unknown> = {}) => ({
    tenant: { name: `Shop ${n}`, maxContainers: 2 },
    user: { email: `owner-${n}@shop.test`, name: `Owner ${n}` },
    container: { planId: ids.plan, templateId: ids.allowed, hostname: `vps-${n}.shop.test`, ...container },
  });

  async function leftovers(n: string) {
    return {
      tenants: await db.tenant.count({ where: { name: `Shop ${n}` } }),
      users: await db.user.count({ where: { email: `owner-${n}@shop.test` } }),
      containers: await db.container.count({ where: { hostname: `vps-${n}.shop.test` } }),
    };
  }

  it("creates exactly one tenant, user and container for a retried request with the same key", async () => {
    const headers = { "idempotency-key": "order-2001" };
    const first = await call(tokens.provision, "POST", "/provision", { body: order("1"), headers });
    expect(first.status).toBe(201);
    expect(first.body.tenant).toMatchObject({ name: "Shop 1", caps: { maxContainers: 2 } });
    expect(first.body.user).toMatchObject({
      email: "owner-1@shop.test",
      role: "CUSTOMER",
      tenant: { id: first.body.tenant.id },
    });
    expect(first.body.userPassword).toMatch(/^.{20}$/);
    expect(first.body.rootPassword).toMatch(/^.{20}$/);
    expect(first.body.container).toMatchObject({
      hostname: "vps-1.shop.test",
      status: "CREATING",
      tenant: { id: first.body.tenant.id },
      ipAddresses: [expect.stringMatching(/^10\.42\.0\./)],
    });
    expect(first.body.task).toMatchObject({ type: "container.create", status: "QUEUED" });

    const retry = await call(tokens.provision, "POST", "/provision", { body: order("1"), headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(await leftovers("1")).toEqual({ tenants: 1, users: 1, containers: 1 });
    const audit = await db.auditEvent.findMany({
      where: { action: "provision.customer", targetId: first.body.tenant.id },
    });
    expect(audit.map((a) => a.result)).toEqual(["success"]);
  });

  it("checks the plan before creating anything", async () => {
    const res = await call(tokens.provision, "POST", "/provision", {
      body: order("2", { planId: MISSING }),
      headers: { "idempotency-key": "order-2002" },
    });
    expect(res).toMatchObject({ status: 400, body: { code: "VALIDATION", field: "container.planId" } });
    expect(await leftovers("2")).toEqual({ tenants: 0, users: 0, containers: 0 });
    const taken = await call(tokens.provision, "POST", "/provision", {
      body: { ...order("3"), tenant: { name: "Shop 1" } },
    });
    expect(taken).toMatchObject({ status: 409, body: { field: "tenant.name" } });
    const tooSmall = await call(tokens.provision, "POST", "/provision", {
      body: { ...order("3"), tenant: { name: "Shop 3", maxRamMb: 128 } },
    });
    expect(tooSmall).toMatchObject({ status: 400, body: { field: "tenant.maxRamMb" } });
    expect(await leftovers("3")).toEqual({ tenants: 0, users: 0, containers: 0 });
  });

  it("removes the tenant and user again when the container step fails, so a retry starts clean", async () => {
    // 10.42.0.3 belongs to tenant B's container: only the container step itself can find that out.
    const res = await call(tokens.provision, "POST", "/provision", {
      body: order("4", { ipAddresses: ["10.42.0.3"] }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.field).toMatch(/^container\./);
    expect(await leftovers("4")).toEqual({ tenants: 0, users: 0, containers: 0 });
    const failure = await db.auditEvent.findFirstOrThrow({
      where: { action: "provision.customer", result: "failure" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(failure.details)).toMatchObject({ rolledBack: true });

    const retry = await call(tokens.provision, "POST", "/provision", { body: order("4") });
    expect(retry.status).toBe(201);
    expect(await leftovers("4")).toEqual({ tenants: 1, users: 1, containers: 1 });
  });

  it("answers customers and read-only tokens without creating anything", async () => {
    await expectHiddenFromCustomer("POST", "/provision", order("5"));
    const readOnly = await call(tokens.adminRead, "POST", "/provision", { body: order("5") });
    expect(readOnly.status).toBe(403);
    expect(await leftovers("5")).toEqual({ tenants: 0, users: 0, containers: 0 });
  });
});

describe("GET /containers/{containerId}/usage", () => {
  const start = Date.now() - 3 * 3600_000;
  const at = (minute: number) => new Date(start + minute * 60_000);

  beforeAll(async () => {
    const sample = (minute: number, rx: number, tx: number, ramUsedMb: number, cpuPercent: number) => ({
      containerId: ids.containerA,
      createdAt: at(minute),
      ramUsedMb,
      cpuPercent,
      diskUsedMb: 700 + minute,
      numproc: 5,
      netRxBytes: rx,
      netTxBytes: tx,
    });
    await db.usageSample.createMany({
      data: [
        sample(-1, 1_000, 100, 50, 0), // before the window: the baseline
        sample(0, 5_000, 500, 100, 10),
        sample(1, 9_000, 900, 300, 50),
        sample(2, 2_000, 200, 200, 30), // the container restarted: counters began again
        sample(3, 6_000, 700, 200, 10),
      ],
    });
    await db.usageSample.create({
      data: { ...sample(0, 1e12, 1e12, 9999, 100), containerId: ids.containerB },
    });
  });

  it("sums network bytes across a counter reset and reports RAM, disk and CPU", async () => {
    const from = at(0).toISOString();
    const to = at(10).toISOString();
    const res = await call(
      tokens.customer,
      "GET",
      `/containers/${ids.containerA}/usage?from=${from}&to=${to}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      containerId: ids.containerA,
      from,
      to,
      sampleCount: 4,
      firstSampleAt: from,
      lastSampleAt: at(3).toISOString(),
      // rx: 4000 + 4000 + 2000 (reset) + 4000; tx: 400 + 400 + 200 (reset) + 500
      network: { rxBytes: 14_000, txBytes: 1_500, counterResets: 1 },
      ram: { peakMb: 300, averageMb: 200 },
      disk: { lastUsedMb: 703, peakMb: 703 },
      // (10 + 50 + 30 + 10) % of a minute each
      cpu: { averagePercent: 25, peakPercent: 50, cpuSeconds: 60 },
    });
  });

  it("defaults to the last 30 days", async () => {
    const res = await call(tokens.adminRead, "GET", `/containers/${ids.containerA}/usage`);
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(30 * 24 * 3600_000);
    // The oldest sample has none before it: it starts the count.
    expect(res.body.sampleCount).toBe(5);
    expect(res.body.network).toEqual({ rxBytes: 14_000, txBytes: 1_500, counterResets: 1 });
  });

  it("refuses a period that ends before it starts", async () => {
    const res = await call(
      tokens.adminRead,
      "GET",
      `/containers/${ids.containerA}/usage?from=2025-02-01&to=2025-01-01`,
    );
    expect(res).toMatchObject({ status: 400, body: { code: "VALIDATION", field: "from" } });
  });

  it("answers a customer's request for another tenant's container like a missing one", async () => {
    await expectHiddenFromCustomer("GET", `/containers/${ids.containerB}/usage`);
  });
});

describe("the backups' remote store (admin)", () => {
  it("is set up, shown without its secret key, changed keeping the key, and removed", async () => {
    expect((await call(tokens.admin, "GET", "/backup-remote")).status).toBe(404);
    const first = { endpoint: "https://s3.example.com/", bucket: "berth-copies", accessKeyId: "AKID" };
    const noKey = await call(tokens.admin, "PUT", "/backup-remote", { body: first });
    expect(noKey.status).toBe(400);
    expect(noKey.body).toMatchObject({ field: "secretAccessKey" });
    const badBucket = await call(tokens.admin, "PUT", "/backup-remote", {
      body: { ...first, bucket: "No_Such Bucket", secretAccessKey: "s3cr3t" },
    });
    expect(badBucket.body).toMatchObject({ field: "bucket" });
    const made = await call(tokens.admin, "PUT", "/backup-remote", {
      body: { ...first, secretAccessKey: "s3cr3t" },
    });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({
      endpoint: "https://s3.example.com",
      region: "us-east-1",
      prefix: "",
      hasSecretKey: true,
      isEnabled: true,
    });
    expect(JSON.stringify(made.body)).not.toContain("s3cr3t");
    const sealed = (await db.backupRemote.findUniqueOrThrow({ where: { id: "default" } })).secretKeySealed;
    expect(sealed).not.toContain("s3cr3t");
    const changed = await call(tokens.admin, "PUT", "/backup-remote", {
      body: { ...first, prefix: "panel-1/", isEnabled: false },
    });
    expect(changed.body).toMatchObject({ prefix: "panel-1/", isEnabled: false, hasSecretKey: true });
    expect((await db.backupRemote.findUniqueOrThrow({ where: { id: "default" } })).secretKeySealed).toBe(
      sealed,
    );
    expect((await call(tokens.admin, "DELETE", "/backup-remote")).body).toEqual({ removed: true });
    expect((await call(tokens.admin, "GET", "/backup-remote")).status).toBe(404);
  });

  it("answers customers like a missing page", async () => {
    await expectHiddenFromCustomer("GET", "/backup-remote");
    await expectHiddenFromCustomer("POST", "/backup-remote/test");
    await expectHiddenFromCustomer("DELETE", "/backup-remote");
  });
});
