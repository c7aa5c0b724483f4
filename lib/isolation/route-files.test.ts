import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";
import { MISSING, NOT_FOUND_MESSAGE } from "./ids";
import { listPageRoutes } from "./page-routes";

// The doors that are files: every route handler under app/api and every page under app/. A route file is
// either the /api/v1 catch-all (walked operation by operation in api-isolation.test.ts) or listed below with
// the reason a tenant's ids do not apply to it; a new route file fails here until someone decides which.
// Pages are walked in a real browser by e2e/tenant-isolation.spec.ts; here each page's parameters must name
// a known kind of id, so a new page fails fast in the unit run too.

const root = path.resolve(import.meta.dirname, "../..");
const customer: UserActor = {
  kind: "user",
  userId: "cuseraaaaaaaaaaaaaaaaaaaaa",
  email: "a@isolation.test",
  name: "A",
  role: "CUSTOMER",
  tenantId: "ctenantaaaaaaaaaaaaaaaaaaa",
  locale: "en",
  isDisabled: false,
};

vi.mock("@/lib/auth/get-actor", () => ({
  getActor: async () => customer,
  requireActor: async () => customer,
  requirePageActor: async () => customer,
}));

process.env.NEXTAUTH_URL = "http://localhost:3000";
const testDb = createTestDatabase();
const { db } = await import("../db");

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

const V1_CATCH_ALL = "app/api/v1/[...path]/route.ts";

/** Route files outside /api/v1, each with why another tenant's ids do not reach it. */
const OTHER_ROUTE_FILES: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "next-auth's sign-in and session endpoints: no resource ids",
  "app/api/v1/openapi.json/route.ts": "the public API description: no data, no ids",
  "app/api/agent/join/route.ts": "agent enrolment, authenticated by a node's one-time join token only",
  "app/api/templates/[templateId]/download/[file]/route.ts":
    "template files for agents, behind a signed expiring link; no session (checked below)",
  "app/api/templates/upload/route.ts": "admin upload (cookie + Origin), template.manage (checked below)",
  "app/api/backups/[backupId]/download/route.ts":
    "admin download of an archive (cookie), backup.download: customers get NOT_FOUND (checked below)",
  "app/api/backups/[backupId]/archive/[file]/route.ts":
    "archives for agents, behind a signed expiring link; no session (checked below)",
};

function listRouteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listRouteFiles(p);
    return /^route\.(ts|tsx|js)$/.test(e.name) ? [path.relative(root, p).split(path.sep).join("/")] : [];
  });
}

describe("route files", () => {
  const files = listRouteFiles(path.join(root, "app"));

  it("are the /api/v1 catch-all or classified with a reason", () => {
    expect(files).toContain(V1_CATCH_ALL);
    const unclassified = files.filter((f) => f !== V1_CATCH_ALL && !(f in OTHER_ROUTE_FILES));
    expect(
      unclassified,
      "new route files: walk them in lib/isolation, or add them to OTHER_ROUTE_FILES with the reason tenant ids do not apply",
    ).toEqual([]);
    expect(
      Object.keys(OTHER_ROUTE_FILES).filter((f) => !files.includes(f)),
      "classified files that are gone",
    ).toEqual([]);
  });

  it("send every /api/v1 method to the one dispatcher the isolation walk calls", async () => {
    const mod = (await import(path.join(root, V1_CATCH_ALL))) as Record<string, unknown>;
    const { dispatchApiRequest } = await import("../api/router");
    const methods = Object.keys(mod).filter((k) => /^[A-Z]+$/.test(k));
    expect(methods.length).toBeGreaterThan(0);
    for (const m of methods) expect(mod[m], `${V1_CATCH_ALL} ${m}`).toBe(dispatchApiRequest);
  });

  it("answer a customer's template upload like a missing page", async () => {
    const { POST } = await import(path.join(root, "app/api/templates/upload/route.ts"));
    const res: Response = await POST(
      new Request("http://localhost:3000/api/templates/upload?name=x-1-x86_64&sha256=00", {
        method: "POST",
        headers: { origin: "http://localhost:3000", "content-type": "application/octet-stream" },
        body: "not a template",
      }),
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND", detail: NOT_FOUND_MESSAGE });
  });

  it("answer an unsigned template download the same for an existing and a missing template", async () => {
    const template = await db.osTemplate.create({
      data: {
        name: "t-1-x86_64",
        distro: "t",
        version: "1",
        arch: "x86_64",
        sha256: "0".repeat(64),
        sizeBytes: 1,
        format: "tar.gz",
      },
    });
    const { GET } = await import(path.join(root, "app/api/templates/[templateId]/download/[file]/route.ts"));
    const answer = async (templateId: string) => {
      const res: Response = await GET(
        new Request(`http://localhost:3000/api/templates/${templateId}/download/t-1-x86_64.tar.gz`),
        { params: Promise.resolve({ templateId, file: "t-1-x86_64.tar.gz" }) },
      );
      return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
    };
    const existing = await answer(template.id);
    expect(existing).toEqual(await answer(MISSING.templateId));
    expect(existing.status).toBe(404);
  });
});

describe("backup route files", () => {
  it("answer a customer's download, and an unsigned agent fetch, the same for an existing and a missing backup", async () => {
    const tenant = await db.tenant.create({ data: { name: "route-files-b" } });
    const node = await db.node.create({ data: { name: "route-files-node", agentUrl: "http://127.0.0.1:9" } });
    const backup = await db.backup.create({
      data: {
        nodeId: node.id,
        tenantId: tenant.id,
        ctid: 101,
        hostname: "b.example.net",
        mode: "stop",
        status: "SUCCEEDED",
        archive: "vzdump-101-2026_11_26-10_00_00-abcd.tar.zst",
        sha256: "0".repeat(64),
      },
    });
    const { GET } = await import(path.join(root, "app/api/backups/[backupId]/download/route.ts"));
    const download = async (backupId: string) => {
      const res: Response = await GET(new Request(`http://localhost:3000/api/backups/${backupId}/download`), {
        params: Promise.resolve({ backupId }),
      });
      return { status: res.status, body: await res.text() };
    };
    const theirs = await download(backup.id);
    expect(theirs).toEqual(await download(MISSING.backupId));
    expect(theirs.status).toBe(404);
    const archive = await import(path.join(root, "app/api/backups/[backupId]/archive/[file]/route.ts"));
    const fetchArchive = async (backupId: string) => {
      const file = "vzdump-101-2026_11_26-10_00_00-abcd.tar.zst";
      const res: Response = await archive.GET(
        new Request(
          `http://localhost:3000/api/backups/${backupId}/archive/${file}?node=${node.id}&expires=9&sig=x`,
        ),
        { params: Promise.resolve({ backupId, file }) },
      );
      return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
    };
    const existing = await fetchArchive(backup.id);
    expect(existing).toEqual(await fetchArchive(MISSING.backupId));
    expect(existing.status).toBe(404);
  });
});

describe("websockets", () => {
  it("are the console socket only, which console-isolation.test.ts walks", () => {
    // server.ts routes upgrades by path; a new socket path must get its own walk before it is listed here.
    const source = readFileSync(path.join(root, "server.ts"), "utf8");
    const paths = [...source.matchAll(/upgradeHandlers\.set\(\s*["'`]([^"'`]+)["'`]/g)].map((m) => m[1]);
    expect(paths).toEqual(["/ws/console"]);
  });
});

describe("pages", () => {
  it("name only known kinds of id in their parameters", () => {
    const pages = listPageRoutes(root);
    expect(pages.length).toBeGreaterThan(0);
    // At least the customer's server and task pages take ids; the e2e spec walks them all.
    expect(pages.filter((p) => p.params.length > 0).map((p) => p.pattern)).toEqual(
      expect.arrayContaining(["/servers/[containerId]", "/console/[containerId]"]),
    );
  });
});
