import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

// /api/v1 end to end below the HTTP server: real database, real tokens, the router the route file exports.
process.env.BERTH_API_RATE_PER_MINUTE = "60";
process.env.BERTH_API_RATE_BURST = "30";
process.env.BERTH_API_CHECK_RESPONSES = "1";
const testDb = createTestDatabase();
const { db } = await import("../db");
const { dispatchApiRequest } = await import("./router");
const { createApiToken } = await import("../api-tokens/create-api-token");
const { revokeApiToken } = await import("../api-tokens/revoke-api-token");
const { forgetCachedApiTokens } = await import("./authenticate-api-request");

function actorOf(u: {
  id: string;
  email: string;
  role: "ADMIN" | "CUSTOMER";
  tenantId: string | null;
}): UserActor {
  return {
    kind: "user",
    userId: u.id,
    email: u.email,
    name: u.email,
    role: u.role,
    tenantId: u.tenantId,
    locale: "en",
    isDisabled: false,
  };
}

async function call(
  token: string | null,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (token) headers.authorization = `Bearer ${token}`;
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

let ids: {
  tenantA: string;
  tenantB: string;
  node: string;
  template: string;
  plan: string;
  containerB: string;
};
const tokens: Record<string, string> = {};
let admin: UserActor;
let customerA: UserActor;

async function token(actor: UserActor, scopes: string[], extra: Record<string, unknown> = {}) {
  const res = await createApiToken({
    actor,
    input: { name: `t-${Math.random()}`, scopes, expiresInDays: "", ...extra },
  });
  return res;
}

beforeAll(async () => {
  const a = await db.user.create({
    data: { email: "admin@x.test", name: "Admin", role: "ADMIN", passwordHash: "-" },
  });
  const tenantA = await db.tenant.create({ data: { name: "Tenant A" } });
  const tenantB = await db.tenant.create({ data: { name: "Tenant B" } });
  const ca = await db.user.create({
    data: { email: "a@x.test", name: "A", role: "CUSTOMER", passwordHash: "-", tenantId: tenantA.id },
  });
  admin = actorOf({ ...a, tenantId: null });
  customerA = actorOf(ca);
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
  await db.ipPool.create({
    data: {
      name: "p",
      cidr: "10.9.0.0/27",
      ipVersion: 4,
      gateway: "10.9.0.1",
      nodes: { create: { nodeId: node.id } },
    },
  });
  const containerB = await db.container.create({
    data: {
      nodeId: node.id,
      ctid: 900,
      tenantId: tenantB.id,
      hostname: "b.example.com",
      status: "RUNNING",
      ramMb: 256,
      diskspaceMb: 1024,
      diskspaceLimitMb: 1024,
    },
  });
  ids = {
    tenantA: tenantA.id,
    tenantB: tenantB.id,
    node: node.id,
    template: template.id,
    plan: plan.id,
    containerB: containerB.id,
  };
  tokens.admin = (await token(admin, ["read", "operate", "provision", "admin"])).secret;
  tokens.adminRead = (await token(admin, ["read"])).secret;
  tokens.customer = (await token(customerA, ["read", "operate"])).secret;
});

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

describe("/api/v1 authentication", () => {
  it("refuses a request without a token, and does not take the panel's cookie instead", async () => {
    const res = await call(null, "GET", "/containers", {
      headers: { cookie: "next-auth.session-token=abc" },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toMatchObject({ code: "UNAUTHENTICATED", reason: "token-missing" });
    expect(res.body.detail).toContain("cookie is not accepted");
  });

  it("refuses a token revoked in the panel at once, though it was just used (and so cached)", async () => {
    const t = await token(customerA, ["read"]);
    expect((await call(t.secret, "GET", "/me")).status).toBe(200);
    await revokeApiToken({ actor: customerA, tokenId: t.token.id });
    expect(await call(t.secret, "GET", "/me")).toMatchObject({
      status: 401,
      body: { reason: "token-invalid" },
    });
  });

  it("forgets at once in every copy of the module: a revocation in the pages' build reaches the API's", async () => {
    const t = await token(customerA, ["read"]);
    expect((await call(t.secret, "GET", "/me")).status).toBe(200); // now in the API's cache
    // Next's server build loads its own copy of lib/ (the server action that revokes runs there).
    vi.resetModules();
    const pagesCopy = await import("./authenticate-api-request");
    await db.apiToken.update({ where: { id: t.token.id }, data: { revokedAt: new Date() } });
    pagesCopy.forgetCachedApiTokens();
    expect((await call(t.secret, "GET", "/me")).status).toBe(401);
  });

  it("sees a change made outside this panel process within 2 s", async () => {
    const t = await token(customerA, ["read"]);
    expect((await call(t.secret, "GET", "/me")).status).toBe(200);
    // Another panel instance (or an admin with SQL) revokes it: no forget reaches this process.
    await db.apiToken.update({ where: { id: t.token.id }, data: { revokedAt: new Date() } });
    const refusedAfter = Date.now();
    while ((await call(t.secret, "GET", "/me")).status === 200) await new Promise((r) => setTimeout(r, 50));
    expect(Date.now() - refusedAfter).toBeLessThan(2_500);
  });

  it("refuses unknown, revoked and expired tokens alike", async () => {
    const revoked = await token(customerA, ["read"]);
    await revokeApiToken({ actor: customerA, tokenId: revoked.token.id });
    const expired = await token(customerA, ["read"]);
    await db.apiToken.update({
      where: { id: expired.token.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const unknown = `berth_${"x".repeat(43)}`;
    const answers = await Promise.all(
      [revoked.secret, expired.secret, unknown].map((t) => call(t, "GET", "/me")),
    );
    for (const a of answers)
      expect(a).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED", reason: "token-invalid" } });
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
  });

  it("records when and from where a token was last used", async () => {
    const t = await token(customerA, ["read"]);
    await call(t.secret, "GET", "/me");
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: t.token.id } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("lets a token do only what its scopes allow", async () => {
    const res = await call(tokens.adminRead ?? "", "POST", `/containers/${ids.containerB}/stop`);
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('"operate" scope');
    expect((await call(tokens.adminRead ?? "", "GET", `/containers/${ids.containerB}`)).status).toBe(200);
  });

  it("does not let a customer give a token scopes beyond their role", async () => {
    await expect(token(customerA, ["read", "provision"])).rejects.toMatchObject({
      code: "VALIDATION",
      field: "scopes",
    });
  });
});

describe("/api/v1 tenant isolation", () => {
  it("answers a customer's request for another tenant's container exactly like a missing one", async () => {
    const missing = await call(tokens.customer ?? "", "GET", "/containers/does-not-exist");
    expect(missing.status).toBe(404);
    for (const [method, suffix] of [
      ["GET", ""],
      ["POST", "/stop"],
      ["POST", "/root-password"],
      ["DELETE", ""],
    ] as const) {
      const foreign = await call(tokens.customer ?? "", method, `/containers/${ids.containerB}${suffix}`, {
        body: method === "POST" ? {} : undefined,
      });
      const alsoMissing = await call(tokens.customer ?? "", method, `/containers/does-not-exist${suffix}`, {
        body: method === "POST" ? {} : undefined,
      });
      expect(foreign).toEqual({ ...alsoMissing, headers: foreign.headers });
      expect(foreign.body).toEqual(missing.body);
    }
    expect(await db.task.count({ where: { containerId: ids.containerB } })).toBe(0);
  });

  it("answers a customer token on admin-only operations like a missing page", async () => {
    const res = await call(tokens.customer ?? "", "POST", "/containers", {
      body: { tenantId: ids.tenantA, planId: ids.plan, templateId: ids.template, hostname: "x.example.com" },
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("NOT_FOUND");
  });

  it("lists only the customer's own containers", async () => {
    const res = await call(tokens.customer ?? "", "GET", "/containers");
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: { id: string }) => c.id)).not.toContain(ids.containerB);
  });
});

describe("/api/v1 containers", () => {
  it("creates one container for a retried create with the same Idempotency-Key", async () => {
    const body = {
      tenantId: ids.tenantA,
      planId: ids.plan,
      templateId: ids.template,
      hostname: "idem.example.com",
    };
    const headers = { "idempotency-key": "order-1001" };
    const first = await call(tokens.admin ?? "", "POST", "/containers", { body, headers });
    expect(first.status).toBe(201);
    expect(first.body.rootPassword).toMatch(/.{12,}/);
    const retry = await call(tokens.admin ?? "", "POST", "/containers", { body, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(await db.container.count({ where: { hostname: "idem.example.com" } })).toBe(1);
    expect(
      await db.task.count({ where: { type: "container.create", containerId: first.body.container.id } }),
    ).toBe(1);

    const other = await call(tokens.admin ?? "", "POST", "/containers", {
      body: { ...body, hostname: "other.example.com" },
      headers,
    });
    expect(other.status).toBe(409);
    expect(other.body.reason).toBe("idempotency-key-reused");
  });

  it("pages lists with a cursor", async () => {
    for (const h of ["p1", "p2", "p3"])
      expect(
        (
          await call(tokens.admin ?? "", "POST", "/containers", {
            body: {
              tenantId: ids.tenantA,
              planId: ids.plan,
              templateId: ids.template,
              hostname: `${h}.example.com`,
            },
          })
        ).status,
      ).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res = await call(tokens.admin ?? "", "GET", `/containers?limit=2${q}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await db.container.count());
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await call(tokens.admin ?? "", "GET", "/containers?cursor=nonsense");
    expect(bad).toMatchObject({ status: 400, body: { code: "VALIDATION", field: "cursor" } });
  });

  it("names the field at fault in a bad body", async () => {
    const res = await call(tokens.admin ?? "", "POST", "/containers", { body: { tenantId: ids.tenantA } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "VALIDATION", field: "planId" });
  });

  it("refuses every action of a suspended tenant's customer, but still lets them read", async () => {
    const mine = await db.container.findFirstOrThrow({ where: { tenantId: ids.tenantA } });
    await db.container.update({ where: { id: mine.id }, data: { status: "RUNNING" } });
    await db.task.updateMany({
      where: { containerId: mine.id },
      data: { status: "SUCCEEDED", lockKey: null },
    });
    await db.tenant.update({
      where: { id: ids.tenantA },
      data: { status: "SUSPENDED", suspendedReason: "unpaid invoice" },
    });
    forgetCachedApiTokens(); // as the panel's own suspend does (setTenantSuspended)
    try {
      const res = await call(tokens.customer ?? "", "POST", `/containers/${mine.id}/start`);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: "FORBIDDEN", reason: "tenant-suspended" });
      expect((await call(tokens.customer ?? "", "GET", `/containers/${mine.id}`)).status).toBe(200);
      expect((await call(tokens.customer ?? "", "GET", "/me")).body.tenantSuspended).toBe(true);
    } finally {
      await db.tenant.update({
        where: { id: ids.tenantA },
        data: { status: "ACTIVE", suspendedReason: null },
      });
      forgetCachedApiTokens();
    }
  });

  it("follows a task to its end", async () => {
    const task = await db.task.findFirstOrThrow({ where: { type: "container.create" } });
    await db.task.update({
      where: { id: task.id },
      data: { status: "SUCCEEDED", progress: 100, lockKey: null },
    });
    const res = await call(tokens.admin ?? "", "GET", `/tasks/${task.id}/wait?timeout=5`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: task.id, status: "SUCCEEDED", progress: 100 });
  });
});

describe("/api/v1 suspension", () => {
  // Each its own CTID on the node (a random one collided now and then: one CI run in about 200).
  let nextCtid = 700;
  async function freshRunning(hostname: string) {
    const c = await db.container.create({
      data: {
        nodeId: ids.node,
        ctid: nextCtid++,
        tenantId: ids.tenantA,
        hostname,
        status: "RUNNING",
        ramMb: 256,
        diskspaceMb: 1024,
        diskspaceLimitMb: 1024,
      },
    });
    return c;
  }
  async function settle(containerId: string, status: "RUNNING" | "STOPPED") {
    await db.task.updateMany({
      where: { containerId, lockKey: { not: null } },
      data: { status: "SUCCEEDED", lockKey: null },
    });
    await db.container.update({ where: { id: containerId }, data: { status } });
  }

  it("suspends a tenant: its running containers get a stop task and its customer may only read", async () => {
    await db.task.updateMany({
      where: { lockKey: { not: null } },
      data: { status: "SUCCEEDED", lockKey: null },
    });
    const c = await freshRunning("susp1.example.com");
    const res = await call(tokens.admin ?? "", "POST", `/tenants/${ids.tenantA}/suspend`, {
      body: { reason: "invoice 1042 unpaid" },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("SUSPENDED");
    expect(await db.task.count({ where: { containerId: c.id, type: "container.stop" } })).toBe(1);
    await settle(c.id, "STOPPED");
    const refused = await call(tokens.customer ?? "", "POST", `/containers/${c.id}/start`);
    expect(refused.body).toMatchObject({ code: "FORBIDDEN", reason: "tenant-suspended" });
    expect(refused.body.detail).toContain("invoice 1042 unpaid");
    // An admin cannot start it either while the tenant is suspended.
    const adminStart = await call(tokens.admin ?? "", "POST", `/containers/${c.id}/start`);
    expect(adminStart).toMatchObject({ status: 409, body: { reason: "suspended" } });

    const lifted = await call(tokens.admin ?? "", "POST", `/tenants/${ids.tenantA}/unsuspend`);
    expect(lifted.body.status).toBe("ACTIVE");
    expect(await db.task.count({ where: { containerId: c.id, type: "container.start" } })).toBe(1);
    await settle(c.id, "RUNNING");
  });

  it("suspends one container: its customer may read it but not act on it; another customer gets 404", async () => {
    const c = await freshRunning("susp2.example.com");
    expect((await call(tokens.customer ?? "", "POST", `/containers/${c.id}/suspend`)).status).toBe(404);
    const res = await call(tokens.admin ?? "", "POST", `/containers/${c.id}/suspend`, { body: {} });
    expect(res.body).toEqual({ isSuspended: true, power: "queued" });
    await settle(c.id, "STOPPED");
    const refused = await call(tokens.customer ?? "", "POST", `/containers/${c.id}/root-password`, {
      body: {},
    });
    expect(refused.body).toMatchObject({ code: "FORBIDDEN", reason: "container-suspended" });
    expect((await call(tokens.customer ?? "", "GET", `/containers/${c.id}`)).body.isSuspended).toBe(true);
    const lifted = await call(tokens.admin ?? "", "POST", `/containers/${c.id}/unsuspend`);
    expect(lifted.body).toEqual({ isSuspended: false, power: "queued" });
  });
});

describe("/api/v1 limits and errors", () => {
  it("answers 405 with Allow for a wrong method and 404 for an unknown path", async () => {
    const wrong = await call(tokens.admin ?? "", "PUT", "/containers");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    expect((await call(tokens.admin ?? "", "GET", "/nope")).status).toBe(404);
  });

  it("answers 429 with Retry-After once a token's budget is spent", async () => {
    const t = (await token(customerA, ["read"])).secret;
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await call(t, "GET", "/me")).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    const limited = await call(t, "GET", "/me");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.body.code).toBe("RATE_LIMITED");
    // Another token is not affected.
    expect((await call(tokens.customer ?? "", "GET", "/me")).status).toBe(200);
  });
});
