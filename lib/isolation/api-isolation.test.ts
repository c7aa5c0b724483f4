import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS } from "../auth/permissions";
import { createTestDatabase } from "../testing/test-db";
import { type Seeded, seedTwoTenants, snapshotAllButA } from "./fixtures";
import { type IdKind, type IdSet, kindOfParam, MISSING, NOT_FOUND_MESSAGE, PARAM_KINDS } from "./ids";

// Every /api/v1 operation (lib/api/registry.ts, the list the router serves), tried by tenant A's tokens with
// tenant B's ids and with ids that do not exist: the two answers must be the same, byte for byte, and
// nothing may change. A route added to the registry is walked without anyone touching this file, unless it
// names a new kind of id or takes a body: then the walk fails until PARAM_KINDS or BODIES says what to send.

process.env.BERTH_API_RATE_PER_MINUTE = "100000";
process.env.BERTH_API_RATE_BURST = "100000";
process.env.BERTH_API_CHECK_RESPONSES = "1";
const testDb = createTestDatabase();
const { db } = await import("../db");
const { dispatchApiRequest } = await import("../api/router");
const { API_ROUTES } = await import("../api/registry");
const { forgetCachedApiTokens } = await import("../api/authenticate-api-request");
type ApiRoute = (typeof API_ROUTES)[number];

/**
 * The body each operation with a body schema gets, built from the id set under test. Bodies are valid (a
 * real attacker sends well-formed requests), so a refusal cannot hide behind a validation error; where a
 * field would let the body differ between the two sets (a typed host name to confirm), both variants use
 * the same text. Keyed by operationId: a new operation with a body fails until it is listed here.
 */
const BODIES: Record<string, (ids: IdSet, own: IdSet) => unknown> = {
  createContainer: (ids, own) => ({
    tenantId: ids.tenantId,
    planId: own.planId,
    templateId: own.templateId,
    hostname: "new-from-a.example.com",
  }),
  reinstallContainer: (ids) => ({ templateId: ids.templateId, confirmHostname: "bravo-secret.example.net" }),
  setContainerHostname: () => ({ hostname: "renamed-by-a.example.com" }),
  resetContainerRootPassword: () => ({ password: "" }),
  changeContainerPlan: (ids) => ({ planId: ids.planId }),
  migrateContainer: (ids) => ({ targetNodeId: ids.nodeId, mode: "offline" }),
  suspendTenant: () => ({ reason: "probe" }),
  suspendContainer: () => ({ reason: "probe" }),
  createTenant: () => ({ name: "Made By A" }),
  updateTenant: () => ({ name: "Renamed By A" }),
  createUser: (ids) => ({
    email: "made-by-a@isolation.test",
    name: "M",
    role: "CUSTOMER",
    tenantId: ids.tenantId,
  }),
  createBackup: () => ({ mode: "snapshot" }),
  restoreBackup: () => ({ confirmHostname: "bravo-secret.example.net" }),
  restoreBackupAsNew: (ids) => ({ nodeId: ids.nodeId, planId: ids.planId }),
  setContainerBackupSchedule: () => ({
    isEnabled: true,
    mode: "stop",
    hourUtc: 1,
    keepDaily: 1,
    keepWeekly: 0,
  }),
  setTenantBackupSchedule: () => ({ isEnabled: true, mode: "stop", hourUtc: 1, keepDaily: 1, keepWeekly: 0 }),
  setTenantBackupQuota: () => ({ maxBackups: 1000, maxBackupMb: null }),
  setBackupRemote: () => ({
    endpoint: "https://s3.example.com",
    bucket: "a-made-bucket",
    accessKeyId: "a-key",
    secretAccessKey: "a-secret",
  }),
  provisionCustomer: (ids) => ({
    tenant: { name: "Provisioned By A" },
    user: { email: "provisioned-by-a@isolation.test", name: "P" },
    container: {
      planId: ids.planId,
      templateId: ids.templateId,
      nodeId: ids.nodeId,
      poolId: ids.poolId,
      hostname: "p.example.com",
    },
  }),
};

/**
 * Kinds of id that name a row every customer may read (PERMISSIONS "any" and no per-tenant list): B's id of
 * this kind is not B's. Templates are not here: a tenant sees only the templates its allow-list names.
 */
const SHARED_KINDS = new Set<IdKind>(["planId"]);

type Answer = { status: number; contentType: string | null; text: string };

let seeded: Seeded;
let before: string;
let reference: Answer;

async function call(token: string, method: string, url: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await dispatchApiRequest(
    new Request(`http://panel.test/api/v1${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: res.status, contentType: res.headers.get("content-type"), text: await res.text() };
}

function paramNames(route: ApiRoute): string[] {
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

/** Query fields that pick rows by id (…Id) or by a name PARAM_KINDS knows: each gets the set's value. */
function idQueryFields(route: ApiRoute): string[] {
  return Object.keys(route.query?.shape ?? {}).filter((k) => /Id$/.test(k) || k in PARAM_KINDS);
}

function requestFor(route: ApiRoute, ids: IdSet): { url: string; body?: unknown } {
  const where = `${route.method} ${route.path} (${route.operationId})`;
  let path = route.path;
  for (const name of paramNames(route))
    path = path.replace(`{${name}}`, encodeURIComponent(ids[kindOfParam(name, where)]));
  const query = new URLSearchParams();
  for (const name of idQueryFields(route)) query.set(name, ids[kindOfParam(name, where)]);
  if (route.operationId === "waitTask") query.set("timeout", "0");
  const q = query.size ? `?${query}` : "";
  if (!route.body) return { url: `${path}${q}` };
  const build = BODIES[route.operationId];
  if (!build)
    throw new Error(
      `${where} takes a body: add an entry to BODIES in lib/isolation/api-isolation.test.ts (a valid body naming the ids of the set under test).`,
    );
  return { url: `${path}${q}`, body: build(ids, seeded.own) };
}

function expectNoSecretOfB(answer: Answer, what: string): void {
  for (const s of seeded.secretsOfB)
    expect(answer.text.includes(s), `${what} leaks B's "${s}": ${answer.text.slice(0, 300)}`).toBe(false);
}

beforeAll(async () => {
  seeded = await seedTwoTenants();
  reference = await call(seeded.tokens.aOperate, "GET", `/containers/${MISSING.containerId}`);
  before = await snapshotAllButA(seeded);
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

describe("/api/v1: another tenant's ids answer like missing ones", () => {
  it("has a reference answer: a missing container is a 404 problem+json with the one message", async () => {
    expect(reference.status).toBe(404);
    expect(reference.contentType).toBe("application/problem+json");
    expect(JSON.parse(reference.text)).toEqual({
      type: "about:blank",
      title: "NOT_FOUND",
      status: 404,
      detail: NOT_FOUND_MESSAGE,
      code: "NOT_FOUND",
    });
    // Positive control: the same token reads A's own container, so the 404s below are not a broken token.
    const own = await call(seeded.tokens.aOperate, "GET", `/containers/${seeded.own.containerId}`);
    expect(own.status).toBe(200);
  });

  it("knows every registered operation's parameters and bodies", () => {
    expect(API_ROUTES.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const route of API_ROUTES) {
      try {
        requestFor(route, MISSING);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    expect(problems).toEqual([]);
  });

  const passes = [
    { name: "a read+operate token", token: () => seeded.tokens.aOperate, suspendA: false },
    {
      name: "a read-only token (a scope error must not tell an id exists)",
      token: () => seeded.tokens.aRead,
      suspendA: false,
    },
    { name: "a token of a suspended tenant", token: () => seeded.tokens.aOperate, suspendA: true },
  ];

  for (const pass of passes) {
    it(`walks every operation with ${pass.name}`, async () => {
      if (pass.suspendA)
        await db.tenant.update({
          where: { id: seeded.own.tenantId },
          data: { status: "SUSPENDED", suspendedReason: "unpaid invoice" },
        });
      forgetCachedApiTokens(); // as the panel's own suspend does
      try {
        let walked = 0;
        for (const route of API_ROUTES) {
          const what = `${pass.name}: ${route.method} ${route.path}`;
          const reach = PERMISSIONS[route.action].customer;
          const namesIds = paramNames(route).length > 0 || idQueryFields(route).length > 0 || route.body;
          const foreignReq = requestFor(route, seeded.foreign);
          const missingReq = requestFor(route, MISSING);
          const foreign = await call(pass.token(), route.method, foreignReq.url, foreignReq.body);
          const missing = await call(pass.token(), route.method, missingReq.url, missingReq.body);
          expectNoSecretOfB(foreign, what);
          expectNoSecretOfB(missing, what);
          walked++;

          if (reach === "any" && paramNames(route).some((p) => SHARED_KINDS.has(kindOfParam(p, what)))) {
            // A catalogue row every tenant sees (a plan): it exists for A too, so only the missing id is held
            // to the 404; neither answer may carry anything of B's (above).
            expect(missing, what).toEqual(reference);
            continue;
          }
          // Same status, same headers that matter, same body: nothing tells B's id from a missing one.
          expect(foreign, `${what}: B's ids vs missing ids`).toEqual(missing);
          if (reach === "none" || paramNames(route).length > 0) {
            // Admin-only operations and operations on one resource: the not-found answer, exactly.
            expect(foreign, `${what}: the not-found answer`).toEqual(reference);
          } else if (namesIds) {
            // A list filtered by an id of B's: A's own view, as with a missing id (checked equal above).
            expect(foreign.status, what).toBe(200);
          }
        }
        expect(walked).toBe(API_ROUTES.length);
      } finally {
        if (pass.suspendA)
          await db.tenant.update({
            where: { id: seeded.own.tenantId },
            data: { status: "ACTIVE", suspendedReason: null },
          });
        forgetCachedApiTokens();
      }
    }, 120_000);
  }

  it("answers every admin-only operation to a customer like a missing resource, even without ids", async () => {
    for (const route of API_ROUTES.filter((r) => PERMISSIONS[r.action].customer === "none")) {
      const req = requestFor(route, seeded.own);
      const answer = await call(seeded.tokens.aOperate, route.method, req.url, req.body);
      expect(answer, `${route.method} ${route.path} with A's own ids`).toEqual(reference);
    }
  });

  it("changed nothing of B's, nor anything shared", async () => {
    expect(await snapshotAllButA(seeded)).toBe(before);
    // B's token still works: the walk did not touch it.
    const b = await call(seeded.tokens.bOperate, "GET", `/containers/${seeded.foreign.containerId}`);
    expect(b.status).toBe(200);
  });

  // Last: B acts here, so B's rows change. Idempotency keys are per user: A sending the key B used, on the
  // same request, must get A's own answer (the not-found one), never B's stored reply.
  it("never replays B's answer to A for an Idempotency-Key B used", async () => {
    const url = `/containers/${seeded.foreign.containerId}/stop`;
    const withKey = (token: string, key: string, path: string) =>
      dispatchApiRequest(
        new Request(`http://panel.test/api/v1${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "idempotency-key": key },
        }),
      );
    const byB = await withKey(seeded.tokens.bOperate, "order-77", url);
    expect(byB.status).toBe(202);
    const byA = await withKey(seeded.tokens.aOperate, "order-77", url);
    const missing = await withKey(
      seeded.tokens.aOperate,
      "order-78",
      `/containers/${MISSING.containerId}/stop`,
    );
    expect(byA.headers.get("idempotent-replayed")).toBeNull();
    expect({ status: byA.status, text: await byA.text() }).toEqual({
      status: missing.status,
      text: await missing.text(),
    });
    expect(byA.status).toBe(404);
  });
});
