import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";
import { type Seeded, seedTwoTenants, snapshotAllButA } from "./fixtures";
import { type IdSet, MISSING, NOT_FOUND_MESSAGE } from "./ids";

// Every server action of the panel, found by listing the "use server" modules under app/, called as tenant
// A's customer with tenant B's ids and with ids that do not exist: both answers must be the same NOT_FOUND,
// and nothing may change. An exported action without an entry in ACTIONS below fails the walk.

const root = path.resolve(import.meta.dirname, "../..");
let actor: UserActor | null = null;

vi.mock("@/lib/auth/get-actor", () => ({
  getActor: async () => actor,
  requireActor: async () => {
    if (!actor) throw new Error("no actor");
    return actor;
  },
  requirePageActor: async () => actor,
}));
vi.mock("@/lib/auth/get-request-ip", () => ({ getRequestIp: async () => "192.0.2.66" }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
  headers: async () => new Headers(),
}));

const testDb = createTestDatabase();
const { db } = await import("../db");

type Entry =
  /** The action names ids: each call list is made once with B's ids and once with missing ones. */
  | { calls: (ids: IdSet, own: IdSet) => unknown[][] }
  /**
   * The action names no id: it acts on the caller alone (own password, own tokens). It is called once with
   * A's data; the walk checks that nothing outside A changed and no answer carries anything of B's.
   */
  | { self: (own: IdSet) => unknown[] };

const B_HOSTNAME = "bravo-secret.example.net";
const planInput = { name: "a-made-plan", ram: "256M", diskspace: "1G" };
const poolInput = (ids: IdSet) => ({
  name: "a-made-pool",
  cidr: "10.78.0.0/24",
  gateway: "10.78.0.1",
  nameservers: "",
  nodeIds: [ids.nodeId],
});

/** Keyed "<file under app/>#<export>". Arguments are valid, so a refusal cannot hide behind a form error. */
const ACTIONS: Record<string, Entry> = {
  // A container's actions admins and its customers share.
  "(panel)/container-actions.ts#powerAction": {
    calls: (ids) => [
      [ids.containerId, "stop"],
      [ids.containerId, "start"],
    ],
  },
  "(panel)/container-actions.ts#changeHostnameAction": {
    calls: (ids) => [[ids.containerId, "renamed-by-a.example.com"]],
  },
  "(panel)/container-actions.ts#resetPasswordAction": {
    calls: (ids) => [
      [ids.containerId, ""],
      [ids.containerId, "Correct-Horse-Battery-9"],
    ],
  },
  "(panel)/container-actions.ts#reinstallAction": {
    calls: (ids) => [
      [ids.containerId, { templateId: ids.templateId, confirmHostname: B_HOSTNAME, rootPassword: "" }],
      // A wrong confirmation must not tell B's container apart either (the host name check comes after).
      [
        ids.containerId,
        { templateId: ids.templateId, confirmHostname: "guess.example.com", rootPassword: "" },
      ],
    ],
  },
  // Backups: the container pages' Backups section and /admin/backups.
  "(panel)/admin/backups/actions.ts#createBackupAction": { calls: (ids) => [[ids.containerId, "snapshot"]] },
  "(panel)/admin/backups/actions.ts#restoreBackupAction": {
    calls: (ids) => [
      [ids.backupId, B_HOSTNAME],
      [ids.backupId, "guess.example.com"],
    ],
  },
  "(panel)/admin/backups/actions.ts#deleteBackupAction": { calls: (ids) => [[ids.backupId]] },
  "(panel)/admin/backups/actions.ts#setBackupScheduleAction": {
    calls: (ids) => [
      [ids.containerId, { isEnabled: true, mode: "stop", hourUtc: 1, keepDaily: 1, keepWeekly: 0 }],
    ],
  },
  "(panel)/admin/backups/actions.ts#restoreBackupAsNewAction": {
    calls: (ids, own) => [
      [ids.backupId, { nodeId: ids.nodeId, ctid: "", planId: ids.planId, hostname: "" }],
      // A's own backup too: restoring as a new container is the provider's (admins only).
      [own.backupId, { nodeId: ids.nodeId, ctid: "", planId: ids.planId, hostname: "a-copy.example.com" }],
    ],
  },
  "(panel)/admin/backups/actions.ts#setTenantBackupScheduleAction": {
    calls: (ids, own) => [
      [ids.tenantId, { isEnabled: true, mode: "stop", hourUtc: 1, keepDaily: 1, keepWeekly: 0 }],
      [own.tenantId, { isEnabled: true, mode: "stop", hourUtc: 1, keepDaily: 1, keepWeekly: 0 }],
    ],
  },
  "(panel)/admin/backups/actions.ts#setBackupQuotaAction": {
    calls: (ids) => [[ids.tenantId, { maxBackups: 1000, maxBackupMb: null }]],
  },
  // The remote store is the provider's: a customer may neither set it, test it nor remove it.
  "(panel)/admin/backups/actions.ts#setBackupRemoteAction": {
    calls: () => [
      [
        {
          endpoint: "https://s3.example.com",
          bucket: "a-made-bucket",
          accessKeyId: "a-key",
          secretAccessKey: "a-secret",
        },
      ],
    ],
  },
  "(panel)/admin/backups/actions.ts#testBackupRemoteAction": { calls: () => [[]] },
  "(panel)/admin/backups/actions.ts#deleteBackupRemoteAction": { calls: () => [[]] },
  "(panel)/admin/backups/actions.ts#copyBackupToRemoteAction": {
    // A's own backup too: copying to the provider's store is the provider's.
    calls: (ids, own) => [[ids.backupId], [own.backupId]],
  },
  // The account page: the customer's own user and tokens.
  "(panel)/account/actions.ts#revokeApiTokenAction": { calls: (ids) => [[ids.tokenId]] },
  "(panel)/account/actions.ts#changePasswordAction": {
    self: () => [
      {
        currentPassword: "not-the-password",
        newPassword: "N3w-Passw0rd-Long!",
        confirmPassword: "N3w-Passw0rd-Long!",
      },
    ],
  },
  "(panel)/account/actions.ts#startTotpAction": { self: () => [] },
  "(panel)/account/actions.ts#confirmTotpAction": { self: () => ["000000"] },
  "(panel)/account/actions.ts#disableTotpAction": { self: () => ["000000"] },
  "(panel)/account/actions.ts#signOutEverywhereAction": { self: () => [] },
  "(panel)/account/actions.ts#createApiTokenAction": {
    self: () => [{ name: "made in the walk", scopes: ["read"], expiresInDays: "" }],
  },
  "actions/preferences.ts#savePreferences": { self: () => [{ locale: "en", theme: "dark" }] },
  // Admin pages' actions: customers reach none of them, with B's ids, shared ids or none.
  "(panel)/admin/containers/actions.ts#createContainerAction": {
    calls: (ids) => [
      [
        {
          tenantId: ids.tenantId,
          planId: ids.planId,
          templateId: ids.templateId,
          hostname: "new-from-a.example.com",
        },
      ],
    ],
  },
  "(panel)/admin/containers/actions.ts#destroyContainerAction": {
    calls: (ids) => [[ids.containerId, B_HOSTNAME]],
  },
  "(panel)/admin/containers/actions.ts#setLimitsAction": {
    calls: (ids) => [[ids.containerId, { ram: "512M", mode: "save" }]],
  },
  "(panel)/admin/containers/actions.ts#addAddressAction": {
    calls: (ids, own) => [
      [ids.containerId, ""],
      [own.containerId, ids.ipAddress],
    ],
  },
  "(panel)/admin/containers/actions.ts#removeAddressAction": {
    calls: (ids, own) => [
      [ids.containerId, ids.ipAddress],
      [own.containerId, ids.ipAddress],
    ],
  },
  "(panel)/admin/containers/actions.ts#changePlanAction": { calls: (ids) => [[ids.containerId, ids.planId]] },
  "(panel)/admin/plans/actions.ts#createPlanAction": { calls: () => [[planInput]] },
  "(panel)/admin/plans/actions.ts#updatePlanAction": { calls: (ids) => [[ids.planId, planInput]] },
  "(panel)/admin/plans/actions.ts#deletePlanAction": { calls: (ids) => [[ids.planId]] },
  "(panel)/admin/plans/actions.ts#proposeSplitAction": {
    calls: (ids) => [[{ nodeId: ids.nodeId, count: "4" }]],
  },
  "(panel)/admin/plans/actions.ts#applyPlanAction": {
    calls: (ids, own) => [
      [ids.planId, [ids.containerId]],
      [own.planId, [ids.containerId]],
    ],
  },
  "(panel)/admin/ip-pools/actions.ts#createPoolAction": { calls: (ids) => [[poolInput(ids)]] },
  "(panel)/admin/ip-pools/actions.ts#updatePoolAction": { calls: (ids) => [[ids.poolId, poolInput(ids)]] },
  "(panel)/admin/ip-pools/actions.ts#deletePoolAction": { calls: (ids) => [[ids.poolId]] },
  "(panel)/admin/ip-pools/actions.ts#reserveAddressAction": {
    calls: (ids) => [[ids.poolId, { address: ids.ipAddress, note: "" }]],
  },
  "(panel)/admin/ip-pools/actions.ts#unreserveAddressAction": {
    calls: (ids) => [[ids.poolId, ids.ipAddress]],
  },
  "(panel)/admin/nodes/actions.ts#createNodeAction": { calls: () => [[{ name: "a-made-node" }]] },
  "(panel)/admin/nodes/actions.ts#renewJoinTokenAction": { calls: (ids) => [[ids.nodeId]] },
  "(panel)/admin/nodes/actions.ts#setNodeDisabledAction": { calls: (ids) => [[ids.nodeId, true]] },
  "(panel)/admin/nodes/actions.ts#deleteNodeAction": { calls: (ids) => [[ids.nodeId]] },
  "(panel)/admin/nodes/[nodeId]/evacuate-actions.ts#evacuateNodeAction": {
    calls: (ids) => [[ids.nodeId, { mode: "online", fallbackOnline: true }]],
  },
  "(panel)/admin/containers/[containerId]/migration-actions.ts#migrateContainerAction": {
    calls: (ids) => [
      [ids.containerId, { targetNodeId: ids.nodeId, mode: "online", fallbackOnline: false, renumber: false }],
    ],
  },
  "(panel)/admin/templates/actions.ts#fetchTemplateAction": {
    calls: () => [[{ name: "a-made-template", url: "https://example.com/t.tar.gz", sha256: "" }]],
  },
  "(panel)/admin/templates/actions.ts#buildTemplateAction": {
    calls: (ids) => [[{ nodeId: ids.nodeId, distro: "debian-12" }]],
  },
  "(panel)/admin/templates/actions.ts#importNodeTemplatesAction": {
    calls: (ids) => [[{ nodeId: ids.nodeId }]],
  },
  "(panel)/admin/templates/actions.ts#transferTemplateAction": {
    calls: (ids) => [[ids.templateId, ids.nodeId]],
  },
  "(panel)/admin/templates/actions.ts#setTemplateEnabledAction": {
    calls: (ids) => [[ids.templateId, false]],
  },
  "(panel)/admin/templates/actions.ts#deleteTemplateAction": { calls: (ids) => [[ids.templateId]] },
  "(panel)/admin/settings/actions.ts#setRequireAdminTotpAction": { calls: () => [[true]] },
  "(panel)/admin/tenants/actions.ts#createTenantAction": { calls: () => [[{ name: "Made By A" }]] },
  "(panel)/admin/tenants/actions.ts#createUserAction": {
    calls: (ids) => [
      [{ email: "made-by-a@isolation.test", name: "M", role: "CUSTOMER", tenantId: ids.tenantId }],
    ],
  },
  "(panel)/admin/tenants/actions.ts#updateTenantAction": {
    calls: (ids) => [[ids.tenantId, { name: "Renamed By A" }]],
  },
  "(panel)/admin/tenants/actions.ts#setUserDisabledAction": { calls: (ids) => [[ids.userId, true]] },
  "(panel)/admin/tenants/actions.ts#resetUserPasswordAction": { calls: (ids) => [[ids.userId]] },
  "(panel)/admin/tenants/actions.ts#resetUserTotpAction": { calls: (ids) => [[ids.userId]] },
  "actions/suspension.ts#setTenantSuspendedAction": {
    calls: (ids, own) => [
      [ids.tenantId, true, "probe"],
      [own.tenantId, false, ""],
    ],
  },
  "actions/suspension.ts#setContainerSuspendedAction": {
    calls: (ids, own) => [
      [ids.containerId, true, "probe"],
      [own.containerId, false, ""],
    ],
  },
};

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** A module is a server action module when its first statement is the directive (comments may precede it). */
function isUseServerModule(source: string): boolean {
  const body = source.replace(/^(\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*/, "");
  return /^["']use server["']/.test(body);
}

const appDir = path.join(root, "app");
const sources = listFiles(appDir).map((file) => ({
  file,
  key: path.relative(appDir, file).split(path.sep).join("/"),
  source: readFileSync(file, "utf8"),
}));
const actionModules = sources.filter((s) => isUseServerModule(s.source));

const NOT_FOUND_RESULT = { ok: false, code: "NOT_FOUND", error: NOT_FOUND_MESSAGE };

let seeded: Seeded;
let before: string;

beforeAll(async () => {
  seeded = await seedTwoTenants();
  before = await snapshotAllButA(seeded);
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

async function exportedActions(key: string): Promise<[string, (...args: unknown[]) => Promise<unknown>][]> {
  const mod = (await import(path.join(appDir, key))) as Record<string, unknown>;
  return Object.entries(mod).filter(
    (e): e is [string, (...args: unknown[]) => Promise<unknown>] => typeof e[1] === "function",
  );
}

function expectNoSecretOfB(result: unknown, what: string): void {
  const text = JSON.stringify(result) ?? "";
  for (const s of seeded.secretsOfB)
    expect(text.includes(s), `${what} leaks B's "${s}": ${text}`).toBe(false);
}

describe("server actions: another tenant's ids answer like missing ones", () => {
  it("finds the action modules, and no inline server action outside them", () => {
    expect(actionModules.length).toBeGreaterThan(0);
    for (const s of sources.filter((x) => !isUseServerModule(x.source)))
      expect(
        /["']use server["']/.test(s.source),
        `app/${s.key} declares an inline server action: move it to an actions.ts module so the isolation walk calls it`,
      ).toBe(false);
  });

  it("has an entry for every exported action, and none for actions that are gone", async () => {
    const found = new Set<string>();
    for (const m of actionModules)
      for (const [name] of await exportedActions(m.key)) {
        const key = `${m.key}#${name}`;
        found.add(key);
        expect(
          ACTIONS[key],
          `server action ${key} is not walked: add it to ACTIONS in lib/isolation/action-isolation.test.ts with arguments naming B's ids`,
        ).toBeDefined();
      }
    expect(Object.keys(ACTIONS).filter((k) => !found.has(k))).toEqual([]);
  });

  const passes = [
    { name: "an active customer", suspended: false },
    { name: "a customer of a suspended tenant", suspended: true },
  ];
  for (const pass of passes) {
    it(`calls every action as ${pass.name}`, async () => {
      actor = { ...seeded.customerA, tenantSuspended: pass.suspended, tenantSuspendedReason: null };
      let calls = 0;
      for (const m of actionModules) {
        for (const [name, fn] of await exportedActions(m.key)) {
          const key = `${m.key}#${name}`;
          const entry = ACTIONS[key];
          if (!entry) continue; // reported by the test above
          if ("self" in entry) {
            const result = await fn(...entry.self(seeded.own));
            expectNoSecretOfB(result, key);
            calls++;
            continue;
          }
          const foreignCalls = entry.calls(seeded.foreign, seeded.own);
          const missingCalls = entry.calls(MISSING, seeded.own);
          for (const [i, args] of foreignCalls.entries()) {
            const foreign = await fn(...args);
            const missing = await fn(...(missingCalls[i] ?? []));
            const what = `${pass.name}: ${key} call ${i + 1}`;
            expect(foreign, `${what}: B's ids vs missing ids`).toStrictEqual(missing);
            expect(foreign, `${what}: the not-found answer`).toMatchObject(NOT_FOUND_RESULT);
            expectNoSecretOfB(foreign, what);
            calls++;
          }
        }
      }
      expect(calls).toBeGreaterThanOrEqual(Object.keys(ACTIONS).length);
    }, 120_000);
  }

  it("changed nothing of B's, nor anything shared", async () => {
    expect(await snapshotAllButA(seeded)).toBe(before);
  });
});
