import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../testing/test-db";

// server.ts answers /api/v1 through serveApiNodeRequest (no Next router in between). It must answer exactly
// as the Next route (dispatchApiRequest) does: same status, headers that matter, and body.
const testDb = createTestDatabase();
const { db } = await import("../db");
const { serveApiNodeRequest } = await import("./serve-node-request");
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
