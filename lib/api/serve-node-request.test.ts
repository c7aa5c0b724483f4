import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../testing/test-db";

// server.ts answers /api/v1 through serveApiNodeRequest (no Next router in between). It must answer exactly
// as the Next route (dispatchApiRequest) does: same status, headers that matter, and body.
const testDb = createTestDatabase();
const { db } = await import("../db");
const { serveApiNodeRequest, startApiThreads } = await import("./serve-node-request");
const { dispatchApiRequest } = await import("./router");
const { createApiToken } = await import("../api-tokens/create-api-token");

let server: Server;
let base: string;
let token: string;

beforeAll(async () => {
  const admin = await db.user.create({
    data: { email: "a@x.test", name: "A", role: "ADMIN", passwordHash: "-" },
  });
  token = (
    await createApiToken({
      actor: {
        kind: "user",
        userId: admin.id,
        email: admin.email,
        name: "A",
        role: "ADMIN",
        tenantId: null,
        locale: "en",
        isDisabled: false,
      },
      input: { name: "t", scopes: ["read", "operate", "provision", "admin"], expiresInDays: "" },
    })
  ).secret;
  server = createServer((req, res) => void serveApiNodeRequest(req, res, "http://localhost"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await db.$disconnect();
  testDb.cleanup();
});

async function both(method: string, path: string, body?: string) {
  const init = {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body,
  };
  const viaNode = await fetch(`${base}/api/v1${path}`, init);
  const viaNext = await dispatchApiRequest(new Request(`http://localhost/api/v1${path}`, init));
  return {
    node: { status: viaNode.status, type: viaNode.headers.get("content-type"), body: await viaNode.text() },
    next: { status: viaNext.status, type: viaNext.headers.get("content-type"), body: await viaNext.text() },
  };
}

describe("the API served straight from the Node server", () => {
  it("answers like the Next route, for a missing id, a bad body and a good create", async () => {
    const missing = await both("GET", "/containers/nope");
    expect(missing.node).toEqual(missing.next);
    expect(missing.node.status).toBe(404);
    const bad = await both("POST", "/tenants", "{not json");
    expect(bad.node).toEqual(bad.next);
    expect(bad.node.status).toBe(400);
    const viaNode = await fetch(`${base}/api/v1/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Made Via Node" }),
    });
    expect(viaNode.status).toBe(201);
    expect(await db.tenant.count({ where: { name: "Made Via Node" } })).toBe(1);
  });

  it("refuses a body over 1 MiB with 413 before reading it all", async () => {
    const res = await fetch(`${base}/api/v1/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses the panel's cookie here too", async () => {
    const res = await fetch(`${base}/api/v1/me`, { headers: { cookie: "next-auth.session-token=x" } });
    expect(res.status).toBe(401);
  });
});

describe("the API on worker threads", () => {
  let threaded: Server;
  let threadedBase: string;
  let pool: Awaited<ReturnType<typeof startApiThreads>>;

  beforeAll(async () => {
    pool = startApiThreads(2);
    threaded = createServer((req, res) => {
      req.headers["x-berth-client-ip"] = "127.0.0.1";
      void serveApiNodeRequest(req, res, "http://localhost");
    });
    await new Promise<void>((r) => threaded.listen(0, "127.0.0.1", () => r()));
    threadedBase = `http://127.0.0.1:${(threaded.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    threaded.close();
    await pool?.close();
  });

  const get = (path: string, bearer: string) =>
    fetch(`${threadedBase}/api/v1${path}`, { headers: { authorization: `Bearer ${bearer}` } });

  it("answers as this thread does: missing id, bad body, a create, the 1 MiB limit", async () => {
    const missing = await both("GET", "/containers/nope");
    const viaThread = await get("/containers/nope", token);
    expect({ status: viaThread.status, body: await viaThread.text() }).toEqual({
      status: missing.next.status,
      body: missing.next.body,
    });
    const made = await fetch(`${threadedBase}/api/v1/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Made On A Thread 你好" }),
    });
    expect(made.status).toBe(201);
    expect((await made.json()).name).toBe("Made On A Thread 你好");
    expect(await db.tenant.count({ where: { name: "Made On A Thread 你好" } })).toBe(1);
    const big = await fetch(`${threadedBase}/api/v1/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(1_100_000) }),
    });
    expect(big.status).toBe(413);
  });

  it("sees at once a change made on another thread or this one, though the threads had the tokens cached", async () => {
    const { revokeApiToken } = await import("../api-tokens/revoke-api-token");
    const tenant = await db.tenant.create({ data: { name: "Threaded Tenant" } });
    const user = await db.user.create({
      data: { email: "c@x.test", name: "C", role: "CUSTOMER", passwordHash: "-", tenantId: tenant.id },
    });
    const actor = {
      kind: "user" as const,
      userId: user.id,
      email: user.email,
      name: "C",
      role: "CUSTOMER" as const,
      tenantId: tenant.id,
      locale: "en",
      isDisabled: false,
    };
    // Several tokens, so that both threads hold some in their caches.
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createApiToken({ actor, input: { name: `th${i}`, scopes: ["read"], expiresInDays: "" } }),
      ),
    );
    for (const m of made) expect((await (await get("/me", m.secret)).json()).tenantSuspended).toBe(false);
    // Suspended through the API, on the admin token's thread: every thread must know at once.
    const suspend = await fetch(`${threadedBase}/api/v1/tenants/${tenant.id}/suspend`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ reason: "unpaid" }),
    });
    expect(suspend.status).toBe(200);
    for (const m of made) expect((await (await get("/me", m.secret)).json()).tenantSuspended).toBe(true);
    // Revoked in this (the pages') thread.
    for (const m of made) await revokeApiToken({ actor, tokenId: m.token.id });
    for (const m of made) expect((await get("/me", m.secret)).status).toBe(401);
  });

  // SQLite only: there the threads' two connections to one file could refuse each other (SQLITE_BUSY). On
  // PostgreSQL these read-then-write transactions interleave under READ COMMITTED, as any would.
  it.skipIf(!testDb.url.startsWith("file:"))(
    "writes from an API thread and from this thread at once all commit (SQLite, two connections)",
    async () => {
      const counter = await db.tenant.create({ data: { name: "Counter", maxContainers: 0 } });
      // This thread: transactions that read and then write, as the task worker's do.
      const bumps = Array.from({ length: 30 }, () =>
        db.$transaction(async (tx) => {
          const t = await tx.tenant.findUniqueOrThrow({ where: { id: counter.id } });
          await new Promise((r) => setTimeout(r, 2));
          await tx.tenant.update({
            where: { id: counter.id },
            data: { maxContainers: (t.maxContainers ?? 0) + 1 },
          });
        }),
      );
      // The API thread: creates, each a transaction with its audit event.
      const creates = Array.from({ length: 30 }, (_, i) =>
        fetch(`${threadedBase}/api/v1/tenants`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ name: `Concurrent ${i}` }),
        }).then((r) => r.status),
      );
      const settled = await Promise.allSettled(bumps);
      expect(
        settled
          .filter((r) => r.status === "rejected")
          .map((r) => String((r as PromiseRejectedResult).reason).slice(0, 160)),
      ).toEqual([]);
      expect(await Promise.all(creates)).toEqual(Array(30).fill(201));
      expect((await db.tenant.findUniqueOrThrow({ where: { id: counter.id } })).maxContainers).toBe(30);
    },
  );

  it("keeps one rate budget per token across threads", async () => {
    const admin = await db.user.findFirstOrThrow({ where: { email: "a@x.test" } });
    const fresh = await createApiToken({
      actor: {
        kind: "user",
        userId: admin.id,
        email: admin.email,
        name: "A",
        role: "ADMIN",
        tenantId: null,
        locale: "en",
        isDisabled: false,
      },
      input: { name: "burst", scopes: ["read"], expiresInDays: "" },
    });
    // The default budget: a burst of 120, then 10 a second. Spread over two threads, 160 would all pass.
    const answers = await Promise.all(Array.from({ length: 160 }, () => get("/me", fresh.secret)));
    const ok = answers.filter((a) => a.status === 200).length;
    const limited = answers.filter((a) => a.status === 429);
    expect(ok).toBeGreaterThanOrEqual(120);
    expect(ok).toBeLessThan(140);
    expect(limited.length).toBe(160 - ok);
    expect(Number(limited[0]?.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
