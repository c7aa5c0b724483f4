// Restore as a new container, the schedule and quota functions behind the REST routes, against a real
// database (no agent: a restore as new only queues its task; the task's undo is called without a node).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

process.env.BERTH_API_RATE_PER_MINUTE = "100000";
process.env.BERTH_API_RATE_BURST = "100000";
process.env.BERTH_API_CHECK_RESPONSES = "1";
const testDb = createTestDatabase();
const { db } = await import("../db");
const { restoreBackupAsNew } = await import("./restore-backup-as-new");
const { listRestoreTargets } = await import("./list-restore-targets");
const { setBackupSchedule, getBackupSchedule } = await import("./set-backup-schedule");
const { getTenantBackupSchedule } = await import("./get-tenant-backup-schedule");
const { deleteBackupSchedule } = await import("./delete-backup-schedule");
const { getBackupQuota } = await import("./get-backup-quota");
const { setBackupQuota } = await import("./set-backup-quota");
const { restoreBackupTask } = await import("../tasks/handlers/backup-restore");
const { createTaskContext } = await import("../tasks/task-context");
const { dispatchApiRequest } = await import("../api/router");
const { createApiToken } = await import("../api-tokens/create-api-token");

/** One /api/v1 request through the router the route file exports; every answer is checked against its schema. */
async function api(token: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await dispatchApiRequest(
    new Request(`http://panel.test/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function tokenFor(actor: UserActor, scopes: string[]): Promise<string> {
  return (await createApiToken({ actor, input: { name: `t-${Math.random()}`, scopes, expiresInDays: "" } }))
    .secret;
}

const admin: UserActor = {
  kind: "user",
  userId: "admin-1",
  email: "admin@restore.test",
  name: "Admin",
  role: "ADMIN",
  tenantId: null,
  locale: "en",
  isDisabled: false,
};
let customer: UserActor;
let stranger: UserActor;
const ids = {
  tenant: "",
  other: "",
  nodeA: "",
  nodeB: "",
  nodeOffline: "",
  nodeNoPool: "",
  plan: "",
  bigPlan: "",
  container: "",
  backup: "",
  orphanBackup: "",
  otherBackup: "",
  otherContainer: "",
};

async function node(name: string, extra: Record<string, unknown> = {}) {
  const n = await db.node.create({
    data: {
      name,
      agentUrl: "http://127.0.0.1:9",
      status: "ONLINE",
      memoryMb: 100_000,
      diskFreeMb: 1_000_000,
      publicKey: "x",
      nextCtid: 101,
      ...extra,
    },
  });
  return n.id;
}

async function backup(tenantId: string, containerId: string | null, hostname: string, ctid: number) {
  const b = await db.backup.create({
    data: {
      nodeId: ids.nodeA,
      containerId,
      tenantId,
      ctid,
      hostname,
      mode: "snapshot",
      status: "SUCCEEDED",
      archive: `vzdump-${ctid}-2026_11_02-10_00_00.tar.zst`,
      sizeBytes: 4096n,
      sha256: "1".repeat(64),
      finishedAt: new Date(),
    },
  });
  return b.id;
}

function customerOf(tenantId: string, userId: string): UserActor {
  return { ...admin, userId, email: `${userId}@restore.test`, role: "CUSTOMER", tenantId };
}

beforeAll(async () => {
  await db.user.create({
    data: { id: admin.userId, email: admin.email, name: "Admin", role: "ADMIN", passwordHash: "-" },
  });
  ids.nodeA = await node("rn-a");
  ids.nodeB = await node("rn-b", { nextCtid: 300 });
  ids.nodeOffline = await node("rn-off", { status: "OFFLINE" });
  ids.nodeNoPool = await node("rn-nopool");
  await db.ipPool.create({
    data: {
      name: "rn-pool",
      cidr: "10.91.0.0/29",
      ipVersion: 4,
      gateway: "10.91.0.1",
      nameservers: "10.91.0.1",
      nodes: { create: [{ nodeId: ids.nodeA }, { nodeId: ids.nodeB }, { nodeId: ids.nodeOffline }] },
    },
  });
  ids.plan = (
    await db.plan.create({ data: { name: "rn", ramMb: 256, diskspaceMb: 512, diskspaceLimitMb: 512 } })
  ).id;
  ids.bigPlan = (
    await db.plan.create({ data: { name: "rn-big", ramMb: 1024, diskspaceMb: 2048, diskspaceLimitMb: 2048 } })
  ).id;
  ids.tenant = (await db.tenant.create({ data: { name: "Restore Tenant" } })).id;
  ids.other = (await db.tenant.create({ data: { name: "Other Restore Tenant" } })).id;
  for (const [id, tenantId] of [
    ["cust-1", ids.tenant],
    ["cust-2", ids.other],
  ] as const)
    await db.user.create({
      data: { id, email: `${id}@restore.test`, name: id, role: "CUSTOMER", passwordHash: "-", tenantId },
    });
  customer = customerOf(ids.tenant, "cust-1");
  stranger = customerOf(ids.other, "cust-2");
  const c = await db.container.create({
    data: {
      nodeId: ids.nodeA,
      ctid: 101,
      tenantId: ids.tenant,
      planId: ids.plan,
      hostname: "web.example.com",
      status: "RUNNING",
      ramMb: 256,
      diskspaceMb: 512,
      diskspaceLimitMb: 512,
    },
  });
  await db.node.update({ where: { id: ids.nodeA }, data: { nextCtid: 102 } });
  await db.ipAddress.create({
    data: { poolId: (await db.ipPool.findFirstOrThrow()).id, address: "10.91.0.2", containerId: c.id },
  });
  ids.container = c.id;
  ids.backup = await backup(ids.tenant, c.id, "web.example.com", 101);
  ids.orphanBackup = await backup(ids.tenant, null, "gone.example.com", 150);
  const oc = await db.container.create({
    data: {
      nodeId: ids.nodeA,
      ctid: 120,
      tenantId: ids.other,
      planId: ids.plan,
      hostname: "other.example.com",
      status: "RUNNING",
      ramMb: 256,
      diskspaceMb: 512,
      diskspaceLimitMb: 512,
    },
  });
  ids.otherContainer = oc.id;
  ids.otherBackup = await backup(ids.other, oc.id, "other.example.com", 120);
});

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

describe("restore a backup as a new container", () => {
  it("lists online nodes that serve a pool, with the CTID a new container would get there", async () => {
    const t = await listRestoreTargets({ actor: admin });
    expect(t.nodes.map((n) => [n.name, n.nextCtid])).toEqual([
      ["rn-a", 121],
      ["rn-b", 300],
    ]);
    expect(t.plans.map((p) => p.name)).toEqual(["rn", "rn-big"]);
    await expect(listRestoreTargets({ actor: customer })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is admin-only: a customer's own backup and another tenant's both answer NOT_FOUND, like a missing one", async () => {
    const input = { nodeId: ids.nodeB, hostname: "copy.example.com" };
    const missing = await restoreBackupAsNew({ actor: customer, backupId: "cmissing0000", input }).catch(
      (e) => e,
    );
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    for (const [actor, backupId] of [
      [customer, ids.backup],
      [stranger, ids.backup],
      [customer, ids.otherBackup],
    ] as const)
      await expect(restoreBackupAsNew({ actor, backupId, input })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: missing.message,
      });
    expect(await db.container.count()).toBe(2);
  });

  it("validates its input with the field named", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ nodeId: "" }, "nodeId"],
      [{ nodeId: ids.nodeB, ctid: 5 }, "ctid"],
      [{ nodeId: ids.nodeB, hostname: "not a host" }, "hostname"],
      [{ nodeId: ids.nodeOffline, hostname: "copy.example.com" }, "nodeId"],
      [{ nodeId: ids.nodeNoPool, hostname: "copy.example.com" }, "nodeId"],
      [{ nodeId: ids.nodeA, ctid: 101, hostname: "copy.example.com" }, "ctid"],
      // The backup's host name is still the running container's in this tenant.
      [{ nodeId: ids.nodeB }, "hostname"],
      [{ nodeId: ids.nodeB, planId: "cmissingplan", hostname: "copy.example.com" }, "planId"],
    ];
    for (const [input, field] of cases)
      await expect(
        restoreBackupAsNew({ actor: admin, backupId: ids.backup, input }),
        JSON.stringify(input),
      ).rejects.toMatchObject({ field });
    // A backup whose container is gone has no plan to take: one must be chosen.
    await expect(
      restoreBackupAsNew({ actor: admin, backupId: ids.orphanBackup, input: { nodeId: ids.nodeB } }),
    ).rejects.toMatchObject({ code: "VALIDATION", field: "planId" });
    expect(await db.container.count()).toBe(2);
  });

  it("makes the container row with the next free CTID, a new address and the container's plan, and queues backup.restore", async () => {
    const r = await restoreBackupAsNew({
      actor: admin,
      backupId: ids.backup,
      input: { nodeId: ids.nodeB, hostname: "copy.example.com" },
    });
    expect(r).toMatchObject({ ctid: 300, nodeId: ids.nodeB, nodeName: "rn-b", addresses: ["10.91.0.3"] });
    const c = await db.container.findUniqueOrThrow({ where: { id: r.containerId } });
    expect(c).toMatchObject({
      tenantId: ids.tenant,
      planId: ids.plan,
      hostname: "copy.example.com",
      status: "CREATING",
      ramMb: 256,
      nameservers: "10.91.0.1",
    });
    const task = await db.task.findUniqueOrThrow({ where: { id: r.taskId } });
    expect(task).toMatchObject({
      type: "backup.restore",
      containerId: c.id,
      nodeId: ids.nodeB,
      lockKey: c.id,
    });
    expect(JSON.parse(task.input)).toMatchObject({ backupId: ids.backup, asNew: true, ctid: 300 });
    expect((await db.node.findUniqueOrThrow({ where: { id: ids.nodeB } })).nextCtid).toBe(301);
  });

  it("takes a chosen CTID and a chosen plan; the node's counter moves past it", async () => {
    const r = await restoreBackupAsNew({
      actor: admin,
      backupId: ids.orphanBackup,
      input: { nodeId: ids.nodeB, ctid: 555, planId: ids.bigPlan },
    });
    expect(r.ctid).toBe(555);
    const c = await db.container.findUniqueOrThrow({ where: { id: r.containerId } });
    expect(c).toMatchObject({ hostname: "gone.example.com", planId: ids.bigPlan, ramMb: 1024 });
    expect((await db.node.findUniqueOrThrow({ where: { id: ids.nodeB } })).nextCtid).toBe(556);
  });

  it("a failed task removes the new container and returns its address (nothing was made on the node)", async () => {
    const r = await restoreBackupAsNew({
      actor: admin,
      backupId: ids.backup,
      input: { nodeId: ids.nodeA, hostname: "doomed.example.com" },
    });
    const row = await db.task.findUniqueOrThrow({ where: { id: r.taskId } });
    const ctx = createTaskContext({ ...row, input: JSON.parse(row.input) });
    await restoreBackupTask.onFailure?.(ctx, new Error("the node refused"));
    expect(await db.container.findUnique({ where: { id: r.containerId } })).toBeNull();
    expect(await db.ipAddress.count({ where: { address: r.addresses[0] } })).toBe(0);
    expect((await db.task.findUniqueOrThrow({ where: { id: r.taskId } })).containerId).toBeNull();
  });

  it("refuses a backup that did not finish", async () => {
    await db.backup.update({ where: { id: ids.orphanBackup }, data: { status: "FAILED" } });
    await expect(
      restoreBackupAsNew({
        actor: admin,
        backupId: ids.orphanBackup,
        input: { nodeId: ids.nodeB, planId: ids.plan, hostname: "x.example.com" },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("backup schedules and quotas (the REST routes' functions)", () => {
  const daily = { isEnabled: true, mode: "suspend", hourUtc: 2, keepDaily: 3, keepWeekly: 1 };

  it("a tenant's schedule is the admin's: customers get NOT_FOUND, for their own tenant and another", async () => {
    for (const tenantId of [ids.tenant, ids.other, "cmissingtenant"]) {
      await expect(setBackupSchedule({ actor: customer, tenantId, input: daily })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(getTenantBackupSchedule({ actor: customer, tenantId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(deleteBackupSchedule({ actor: customer, tenantId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(getBackupQuota({ actor: customer, tenantId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(
        setBackupQuota({ actor: customer, tenantId, input: { maxBackups: 1, maxBackupMb: null } }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await db.backupSchedule.count()).toBe(0);
  });

  it("an admin sets, reads and removes a tenant's schedule; its containers follow it", async () => {
    expect(await getTenantBackupSchedule({ actor: admin, tenantId: ids.tenant })).toBeNull();
    const set = await setBackupSchedule({ actor: admin, tenantId: ids.tenant, input: daily });
    expect(set.schedule).toMatchObject({ containerId: null, mode: "suspend", hourUtc: 2, lastRunAt: null });
    expect(await getTenantBackupSchedule({ actor: admin, tenantId: ids.tenant })).toMatchObject({
      keepDaily: 3,
      keepWeekly: 1,
    });
    expect(await getBackupSchedule({ actor: customer, containerId: ids.container })).toMatchObject({
      containerId: null,
      hourUtc: 2,
    });
    await expect(
      setBackupSchedule({ actor: admin, tenantId: ids.tenant, input: { ...daily, hourUtc: 24 } }),
    ).rejects.toMatchObject({ code: "VALIDATION", field: "hourUtc" });
    expect(await deleteBackupSchedule({ actor: admin, tenantId: ids.tenant })).toEqual({ isDeleted: true });
    expect(await deleteBackupSchedule({ actor: admin, tenantId: ids.tenant })).toEqual({ isDeleted: false });
    expect(await getBackupSchedule({ actor: customer, containerId: ids.container })).toBeNull();
  });

  it("a customer sets and removes their own container's schedule, not another tenant's", async () => {
    const own = await setBackupSchedule({ actor: customer, containerId: ids.container, input: daily });
    expect(own.schedule.containerId).toBe(ids.container);
    await expect(
      setBackupSchedule({ actor: customer, containerId: ids.container, input: { ...daily, keepDaily: 61 } }),
    ).rejects.toMatchObject({ code: "VALIDATION", field: "keepDaily" });
    await expect(
      setBackupSchedule({ actor: customer, containerId: ids.otherContainer, input: daily }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      getBackupSchedule({ actor: customer, containerId: ids.otherContainer }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      deleteBackupSchedule({ actor: customer, containerId: ids.otherContainer }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await deleteBackupSchedule({ actor: customer, containerId: ids.container })).toEqual({
      isDeleted: true,
    });
  });

  it("an admin reads and sets a tenant's quota with its use; bad values name their field", async () => {
    expect(await getBackupQuota({ actor: admin, tenantId: ids.tenant })).toMatchObject({
      maxBackups: null,
      maxBackupMb: null,
      // The failed backup does not count.
      count: 1,
      bytes: 4096,
    });
    await setBackupQuota({ actor: admin, tenantId: ids.tenant, input: { maxBackups: 5, maxBackupMb: 100 } });
    expect(await getBackupQuota({ actor: admin, tenantId: ids.tenant })).toMatchObject({
      maxBackups: 5,
      maxBackupMb: 100,
    });
    await expect(
      setBackupQuota({ actor: admin, tenantId: ids.tenant, input: { maxBackups: -1, maxBackupMb: null } }),
    ).rejects.toMatchObject({ code: "VALIDATION", field: "maxBackups" });
  });
});

describe("the REST routes", () => {
  const daily = { isEnabled: true, mode: "stop", hourUtc: 4, keepDaily: 2, keepWeekly: 1 };
  let adminToken: string;
  let customerToken: string;

  beforeAll(async () => {
    adminToken = await tokenFor(admin, ["read", "operate", "provision", "admin"]);
    customerToken = await tokenFor(customer, ["read", "operate"]);
  });

  it("tenant schedule and quota: an admin sets and reads them; a customer gets 404 for their own tenant", async () => {
    const path = `/tenants/${ids.tenant}/backup-schedule`;
    expect((await api(adminToken, "PUT", path, daily)).body).toEqual({
      schedule: { scope: "tenant", ...daily, lastRunAt: null },
    });
    expect((await api(adminToken, "GET", path)).body.schedule).toMatchObject({ hourUtc: 4, mode: "stop" });
    const bad = await api(adminToken, "PUT", path, { ...daily, mode: "fast" });
    expect(bad.body).toMatchObject({ code: "VALIDATION", field: "mode" });
    for (const [method, p, body] of [
      ["GET", path, undefined],
      ["PUT", path, daily],
      ["DELETE", path, undefined],
      ["GET", `/tenants/${ids.tenant}/backup-quota`, undefined],
      ["PUT", `/tenants/${ids.tenant}/backup-quota`, { maxBackups: 1, maxBackupMb: null }],
    ] as const)
      expect((await api(customerToken, method, p, body)).status, `${method} ${p}`).toBe(404);
    expect((await api(adminToken, "DELETE", path)).body).toEqual({ isDeleted: true });
    expect((await api(adminToken, "GET", path)).body).toEqual({ schedule: null });
    const quota = await api(adminToken, "PUT", `/tenants/${ids.tenant}/backup-quota`, {
      maxBackups: 9,
      maxBackupMb: null,
    });
    expect(quota.body).toMatchObject({ tenantId: ids.tenant, maxBackups: 9, maxBackupMb: null, count: 1 });
  });

  it("a container's schedule: the customer sets it, reads it, and falls back to the tenant's once removed", async () => {
    const path = `/containers/${ids.container}/backup-schedule`;
    expect((await api(customerToken, "PUT", path, daily)).body.schedule).toMatchObject({
      scope: "container",
      hourUtc: 4,
    });
    await api(adminToken, "PUT", `/tenants/${ids.tenant}/backup-schedule`, { ...daily, hourUtc: 6 });
    expect((await api(customerToken, "DELETE", path)).body).toEqual({ isDeleted: true });
    expect((await api(customerToken, "GET", path)).body.schedule).toMatchObject({
      scope: "tenant",
      hourUtc: 6,
    });
    expect(
      (await api(customerToken, "GET", `/containers/${ids.otherContainer}/backup-schedule`)).status,
    ).toBe(404);
  });

  it("restore as new: 202 with the task and the new container for an admin, 404 for a customer", async () => {
    const path = `/backups/${ids.backup}/restore-as-new`;
    const input = { nodeId: ids.nodeB, hostname: "rest-copy.example.com", ctid: 700 };
    expect((await api(customerToken, "POST", path, input)).status).toBe(404);
    const r = await api(adminToken, "POST", path, input);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ ctid: 700, nodeId: ids.nodeB, nodeName: "rn-b" });
    expect(await db.container.findUnique({ where: { id: r.body.containerId } })).toMatchObject({
      hostname: "rest-copy.example.com",
      status: "CREATING",
    });
    const taken = await api(adminToken, "POST", path, { ...input, hostname: "rest-copy-2.example.com" });
    expect(taken.body).toMatchObject({ code: "VALIDATION", field: "ctid" });
  });
});
