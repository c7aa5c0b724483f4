// Backups through the panel's lib functions and task handlers: a real database, two real agents (two data
// directories, as two nodes) and the panel's own signed-link route for shipping an archive between nodes.
// CTIDs come from the nodes' counters (401+); veth prefixes vbp/vbq and subnet 10.231.215.0/24 are this file's.
import { execFile } from "node:child_process";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR, type UserActor } from "../auth/actor";
import type { RealNode, TestPanel } from "../testing/real-nodes";
import { startTestS3Store, type TestS3Store } from "../testing/s3-store";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const realNodes = await import("../testing/real-nodes");
const { createContainer } = await import("../containers/create-container");
const { processTask } = await import("../tasks/worker");
const { createBackup } = await import("./create-backup");
const { restoreBackup } = await import("./restore-backup");
const { restoreBackupAsNew } = await import("./restore-backup-as-new");
const { deleteBackup } = await import("./delete-backup");
const { getBackup } = await import("./get-backup");
const { listBackups } = await import("./list-backups");
const { setBackupQuota } = await import("./set-backup-quota");
const { setBackupSchedule } = await import("./set-backup-schedule");
const { runBackupSchedules } = await import("./run-backup-schedules");
const { serveBackupArchive } = await import("./serve-backup-archive");
const { getAgentEndpoint } = await import("../tasks/run-agent-command");
const { runQuickAgentCommand } = await import("./node-commands");
const { setBackupRemote } = await import("./set-backup-remote");
const { testBackupRemote } = await import("./test-backup-remote");
const { copyBackupToRemote } = await import("./copy-backup-to-remote");

const execFileP = promisify(execFile);

let panel: TestPanel | undefined;
type Host = RealNode;

/** The panel's doors an agent uses here: join (TestPanel's), and the signed backup link. */
function serveBackupLink(
  req: import("node:http").IncomingMessage,
  res: import("node:http").ServerResponse,
): boolean {
  const url = new URL(req.url ?? "/", "http://panel");
  const m = /^\/api\/backups\/([^/]+)\/archive\/([^/]+)$/.exec(url.pathname);
  if (!m?.[1] || !m[2]) return false;
  serveBackupArchive({ backupId: m[1], fileName: m[2], searchParams: url.searchParams })
    .then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers));
      if (r.body) Readable.fromWeb(r.body as import("node:stream/web").ReadableStream).pipe(res);
      else res.end();
    })
    .catch(() => res.writeHead(500).end());
  return true;
}

/** The agent's CLI on a node. */
function cli(host: Host, args: string[]) {
  return (panel as TestPanel).cli(host, args);
}

async function runTask(taskId: string) {
  await processTask(taskId);
  const t = await db.task.findUniqueOrThrow({ where: { id: taskId }, include: { logLines: true } });
  if (t.status !== "SUCCEEDED")
    throw new Error(`task ${t.type} ${t.status}: ${t.error}\n${t.logLines.map((l) => l.message).join("\n")}`);
  return t;
}

async function execIn(host: Host, ctid: number, argv: string[]): Promise<string> {
  return (await cli(host, ["vzctl", "exec", String(ctid), ...argv])).stdout;
}

const customers = new Map<string, UserActor>();
/** A customer of the tenant, with a real user row (audit events reference it). */
async function customerOf(tenantId: string, name = "cust-1"): Promise<UserActor> {
  const known = customers.get(name);
  if (known) return known;
  const email = `${name}@backups.test`;
  const u = await db.user.create({ data: { email, name, passwordHash: "x", role: "CUSTOMER", tenantId } });
  const actor: UserActor = {
    kind: "user",
    userId: u.id,
    email,
    name,
    role: "CUSTOMER",
    tenantId,
    locale: "en",
    isDisabled: false,
  };
  customers.set(name, actor);
  return actor;
}

let a: Host;
let b: Host;
let containerId: string;
let ctid: number;
let tenantId: string;

beforeAll(async () => {
  panel = await realNodes.TestPanel.start(serveBackupLink);
  process.env.NEXTAUTH_URL = panel.url;
  a = await panel.addNode("backup-node-a", { vethPrefix: "vbp", node: { nextCtid: 401 } });
  b = await panel.addNode("backup-node-b", { vethPrefix: "vbq", node: { nextCtid: 401 } });
  const plan = await db.plan.create({
    data: { name: "bk", ramMb: 128, diskspaceMb: 256, diskspaceLimitMb: 256 },
  });
  await db.ipPool.create({
    data: {
      name: "bk",
      cidr: "10.231.215.0/24",
      ipVersion: 4,
      nodes: { create: [{ nodeId: a.nodeId }, { nodeId: b.nodeId }] },
    },
  });
  tenantId = (await db.tenant.create({ data: { name: "Backup Tenant" } })).id;
  await db.tenant.create({ data: { name: "Other Tenant" } });
  const template = await db.osTemplate.findFirstOrThrow();
  const { task } = await createContainer({
    actor: SYSTEM_ACTOR,
    input: {
      tenantId,
      nodeId: a.nodeId,
      templateId: template.id,
      planId: plan.id,
      hostname: "bk.example.com",
    },
  });
  await runTask(task.id);
  const c = await db.container.findFirstOrThrow({ where: { hostname: "bk.example.com" } });
  containerId = c.id;
  ctid = c.ctid;
  await execIn(a, ctid, ["echo before-backup > /root/marker"]);
}, 240_000);

afterAll(async () => {
  await panel?.stop();
  await db.$disconnect();
  testDb.cleanup();
});

describe("backups through the panel", () => {
  let backupId: string;

  it("a backup task makes an archive on the node and records size, duration, mode and checksum", async () => {
    const r = await createBackup({ actor: SYSTEM_ACTOR, containerId, input: { mode: "suspend" } });
    await runTask(r.taskId);
    const bk = await getBackup({ actor: SYSTEM_ACTOR, backupId: r.backupId });
    expect(bk.status).toBe("SUCCEEDED");
    expect(bk.mode).toBe("suspend");
    expect(bk.archive).toMatch(new RegExp(`^vzdump-${ctid}-`));
    expect(bk.sizeBytes).toBeGreaterThan(100_000);
    expect(bk.durationMs).toBeGreaterThan(0);
    expect(bk.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bk.downtimeMs).toBeLessThan(2000);
    backupId = r.backupId;
  });

  it("a restore task puts the backup's files back (typed confirmation first)", async () => {
    await execIn(a, ctid, ["echo after-backup > /root/marker"]);
    await expect(
      restoreBackup({ actor: SYSTEM_ACTOR, backupId, input: { confirmHostname: "wrong.example.com" } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    const r = await restoreBackup({
      actor: SYSTEM_ACTOR,
      backupId,
      input: { confirmHostname: "bk.example.com" },
    });
    await runTask(r.taskId);
    expect((await execIn(a, ctid, ["cat", "/root/marker"])).trim()).toBe("before-backup");
    expect((await db.container.findUniqueOrThrow({ where: { id: containerId } })).status).toBe("RUNNING");
  });

  it("customers reach their own tenant's backups within the quota; another tenant's id answers like a missing one", async () => {
    const customer = await customerOf(tenantId);
    expect((await listBackups({ actor: customer, containerId })).map((x) => x.id)).toEqual([backupId]);
    await setBackupQuota({ actor: SYSTEM_ACTOR, tenantId, input: { maxBackups: 1, maxBackupMb: null } });
    await expect(
      createBackup({ actor: customer, containerId, input: { mode: "snapshot" } }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      reason: "backup-quota-count",
    });
    await setBackupQuota({ actor: SYSTEM_ACTOR, tenantId, input: { maxBackups: null, maxBackupMb: 0 } });
    await expect(createBackup({ actor: customer, containerId, input: {} })).rejects.toMatchObject({
      reason: "backup-quota-size",
    });
    await setBackupQuota({ actor: SYSTEM_ACTOR, tenantId, input: { maxBackups: null, maxBackupMb: null } });
    expect(await db.backup.count()).toBe(1);

    const other = await db.tenant.findFirstOrThrow({ where: { name: "Other Tenant" } });
    const stranger = await customerOf(other.id, "cust-2");
    const missing = await getBackup({ actor: stranger, backupId: "cmissingbackup000000000000" }).catch(
      (e) => e,
    );
    const theirs = await getBackup({ actor: stranger, backupId }).catch((e) => e);
    expect(theirs).toMatchObject({ code: "NOT_FOUND", message: missing.message });
    await expect(deleteBackup({ actor: stranger, backupId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      restoreBackup({ actor: stranger, backupId, input: { confirmHostname: "bk.example.com" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listBackups({ actor: stranger })).toEqual([]);
  });

  it("restores on another node: the archive is shipped through the panel's signed link and checked", async () => {
    // As after a migration: the container's row now names node B, where it does not exist yet.
    await cli(a, ["vzctl", "stop", String(ctid)]);
    await db.container.update({ where: { id: containerId }, data: { nodeId: b.nodeId, status: "STOPPED" } });
    const r = await restoreBackup({
      actor: SYSTEM_ACTOR,
      backupId,
      input: { confirmHostname: "bk.example.com" },
    });
    // A second restore of the same backup onto B is under way (its copy recorded): the copy stays for it.
    const { archive } = await db.backup.findUniqueOrThrow({ where: { id: backupId } });
    const sharer = await db.task.create({
      data: {
        type: "backup.restore",
        status: "RUNNING",
        input: JSON.stringify({ backupId, shippedCopy: { archive, nodeId: b.nodeId } }),
      },
    });
    const kept = await runTask(r.taskId);
    expect(kept.logLines.map((l) => l.message).join("\n")).toMatch(
      /checking the archive against its manifest/,
    );
    expect(kept.logLines.map((l) => l.message).join("\n")).toContain(
      `Left the copy of ${archive} on the container's node: restore task ${sharer.id} is using it`,
    );
    expect((await cli(b, ["vzdump", "--list"])).stdout).toContain(`vzdump-${ctid}-`);
    // Once that one is over, the last restore removes the copy.
    await db.task.update({ where: { id: sharer.id }, data: { status: "SUCCEEDED" } });
    const again = await restoreBackup({
      actor: SYSTEM_ACTOR,
      backupId,
      input: { confirmHostname: "bk.example.com" },
    });
    const t = await runTask(again.taskId);
    expect(t.logLines.map((l) => l.message).join("\n")).toMatch(/Backup \S+ is already on this node/);
    // The copy shipped to B served the restore and is gone from B; the backup stays on A.
    expect(t.logLines.map((l) => l.message).join("\n")).toMatch(
      /Removed the copy of vzdump-\S+ made on \S+ for this restore\./,
    );
    expect((await cli(b, ["vzdump", "--list"])).stdout).not.toContain(`vzdump-${ctid}-`);
    expect((await cli(a, ["vzdump", "--list"])).stdout).toContain(`vzdump-${ctid}-`);
    await cli(b, ["vzctl", "start", String(ctid)]);
    expect((await execIn(b, ctid, ["cat", "/root/marker"])).trim()).toBe("before-backup");
    // A link for another backup, or without its signature, is a bare 404.
    const bad = await serveBackupArchive({
      backupId,
      fileName: "x.tar.zst",
      searchParams: new URLSearchParams({ node: b.nodeId, expires: "9999999999", sig: "AAAA" }),
    });
    expect(bad.status).toBe(404);
    await cli(b, ["vzctl", "stop", String(ctid)]);
  });

  it("a schedule queues today's backup once, and retention prunes what it no longer keeps", async () => {
    await db.container.update({ where: { id: containerId }, data: { nodeId: a.nodeId } });
    await cli(a, ["vzctl", "start", String(ctid)]).catch(async (err) => {
      const { stdout } = await execFileP("ip", ["-o", "link"]);
      throw new Error(
        `${err.message}\n${stdout
          .split("\n")
          .filter((l) => /vb[pq]/.test(l))
          .join("\n")}`,
      );
    });
    await setBackupSchedule({
      actor: await customerOf(tenantId),
      containerId,
      input: { isEnabled: true, mode: "snapshot", hourUtc: 0, keepDaily: 1, keepWeekly: 0 },
    });
    const first = await runBackupSchedules(new Date());
    expect(first.queued).toHaveLength(1);
    const queued = await db.backup.findUniqueOrThrow({ where: { id: first.queued[0] as string } });
    await runTask(queued.taskId as string);
    expect((await runBackupSchedules(new Date())).queued).toEqual([]);
    // Yesterday's scheduled backup: retention keeps one daily, so it goes (its archive with it).
    const older = await db.backup.update({
      where: { id: queued.id },
      data: { createdAt: new Date(Date.now() - 86_400_000) },
    });
    await db.backupSchedule.updateMany({ data: { lastRunAt: null } });
    const second = await runBackupSchedules(new Date());
    expect(second.queued).toHaveLength(1);
    await runTask(
      (await db.backup.findUniqueOrThrow({ where: { id: second.queued[0] as string } })).taskId as string,
    );
    const third = await runBackupSchedules(new Date());
    expect(third.pruned).toEqual([older.id]);
    const left = (await runQuickAgentCommand(await getAgentEndpoint(a.nodeId), { type: "backup.list" })) as {
      archive: string;
    }[];
    expect(left.map((x) => x.archive)).not.toContain(older.archive);
  });

  it("restores as a new container with a new CTID on another node: it runs there with the backup's files and a new address", async () => {
    const admin = await db.user.create({
      data: { email: "admin@backups.test", name: "Admin", passwordHash: "x", role: "ADMIN" },
    });
    const actor: UserActor = {
      kind: "user",
      userId: admin.id,
      email: admin.email,
      name: "Admin",
      role: "ADMIN",
      tenantId: null,
      locale: "en",
      isDisabled: false,
    };
    const original = await db.container.findUniqueOrThrow({
      where: { id: containerId },
      select: { ipAddresses: { select: { address: true } } },
    });
    // Node B still has CTID ${ctid} from the restore above, unknown to the panel: the default CTID there is
    // that one, so the agent refuses, and the failed task must leave B's container alone and the panel clean.
    const refused = await restoreBackupAsNew({
      actor,
      backupId,
      input: { nodeId: b.nodeId, hostname: "bk-refused.example.com" },
    });
    expect(refused.ctid).toBe(ctid);
    await expect(runTask(refused.taskId)).rejects.toThrow(/already exists/);
    expect(await db.container.findUnique({ where: { id: refused.containerId } })).toBeNull();
    expect(await db.ipAddress.count({ where: { address: refused.addresses[0] } })).toBe(0);
    expect(await b.env.driver.readConfig(ctid)).not.toBeNull();

    const r = await restoreBackupAsNew({
      actor,
      backupId,
      input: { nodeId: b.nodeId, hostname: "bk-copy.example.com" },
    });
    expect(r.ctid).not.toBe(ctid);
    const t = await runTask(r.taskId);
    expect(t.logLines.map((l) => l.message).join("\n")).toMatch(/IP addresses are left out/);
    expect((await cli(b, ["vzdump", "--list"])).stdout).not.toContain(`vzdump-${ctid}-`);
    const c = await db.container.findUniqueOrThrow({
      where: { id: r.containerId },
      select: {
        status: true,
        nodeId: true,
        ctid: true,
        tenantId: true,
        ipAddresses: { select: { address: true } },
      },
    });
    expect(c).toMatchObject({ status: "RUNNING", nodeId: b.nodeId, ctid: r.ctid, tenantId });
    expect(c.ipAddresses.map((x) => x.address)).toEqual(r.addresses);
    expect(r.addresses).not.toEqual(original.ipAddresses.map((x) => x.address));
    expect((await execIn(b, r.ctid, ["cat", "/root/marker"])).trim()).toBe("before-backup");
    const conf = await b.env.driver.readConfig(r.ctid);
    expect(conf?.get("HOSTNAME")).toBe("bk-copy.example.com");
    expect(conf?.get("IP_ADDRESS")).toContain(r.addresses[0]);
    expect(await b.env.driver.isRunning(r.ctid)).toBe(true);
    // The original on node A is untouched.
    expect((await execIn(a, ctid, ["cat", "/root/marker"])).trim()).toBe("before-backup");
    await cli(b, ["vzctl", "stop", String(r.ctid)]);
  });

  it("deleting a backup removes its archive from the node and its row", async () => {
    const bk = await getBackup({ actor: SYSTEM_ACTOR, backupId });
    await deleteBackup({ actor: await customerOf(tenantId), backupId });
    expect(await db.backup.findUnique({ where: { id: backupId } })).toBeNull();
    const left = (await runQuickAgentCommand(await getAgentEndpoint(a.nodeId), { type: "backup.list" })) as {
      archive: string;
    }[];
    expect(left.map((x) => x.archive)).not.toContain(bk.archive);
  });
});

describe("a remote store (S3-compatible) for copies of the backups", () => {
  let store: TestS3Store;
  let admin: UserActor;
  /** The backup whose upload the store refused. */
  let refusedCopy = "";

  beforeAll(async () => {
    store = await startTestS3Store();
    const row = await db.user.create({
      data: { email: "remote-admin@backups.test", name: "Admin", passwordHash: "x", role: "ADMIN" },
    });
    admin = { ...(await customerOf(tenantId)), userId: row.id, role: "ADMIN", tenantId: null };
  });
  afterAll(async () => {
    await store?.close();
  });

  const settings = (secretAccessKey: string) => ({
    endpoint: store.endpoint,
    region: store.region,
    bucket: store.bucket,
    prefix: "berth/",
    accessKeyId: store.accessKeyId,
    secretAccessKey,
  });

  it("a refused copy is written on the backup and in the log, and the backup itself is kept on its node", async () => {
    await setBackupRemote({ actor: admin, input: settings("not-the-secret") });
    await expect(testBackupRemote({ actor: admin })).rejects.toThrow(
      /The store refused to write berth\/berth-test-\w+\.txt in bucket berth-backups: HTTP 403 SignatureDoesNotMatch/,
    );
    const r = await createBackup({ actor: SYSTEM_ACTOR, containerId, input: { mode: "snapshot" } });
    const t = await runTask(r.taskId);
    const bk = await getBackup({ actor: SYSTEM_ACTOR, backupId: r.backupId });
    expect(bk).toMatchObject({ status: "SUCCEEDED", remoteKey: null, remoteCopiedAt: null });
    expect(bk.remoteError).toMatch(
      /the remote store refused backup vzdump-\S+: HTTP 403 SignatureDoesNotMatch/,
    );
    expect(t.logLines.find((l) => l.level === "warn")?.message).toMatch(
      /^The backup is on backup-node-a, but its copy to the remote store failed/,
    );
    expect((await cli(a, ["vzdump", "--list"])).stdout).toContain(bk.archive);
    expect(store.objects().size).toBe(0);
    refusedCopy = r.backupId;
  });

  it("copies each new backup there; a restore on another node fetches it from there without its own node", async () => {
    await setBackupRemote({ actor: admin, input: settings(store.secretAccessKey) });
    const refusedBefore = store.refusals.length;
    expect(await testBackupRemote({ actor: admin })).toMatchObject({ bucket: "berth-backups" });
    expect(store.objects().size).toBe(0); // the test object is gone again
    // The backup whose upload was refused is copied now, from the Backups page (a customer may not).
    await expect(
      copyBackupToRemote({ actor: await customerOf(tenantId), backupId: refusedCopy }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const copy = await copyBackupToRemote({ actor: admin, backupId: refusedCopy });
    await runTask(copy.taskId);
    const copied = await getBackup({ actor: SYSTEM_ACTOR, backupId: refusedCopy });
    expect(copied).toMatchObject({ remoteKey: `berth/${copied.id}/${copied.archive}`, remoteError: null });
    expect(store.objects().get(copied.remoteKey as string)).toBe(copied.sizeBytes);
    await expect(copyBackupToRemote({ actor: admin, backupId: refusedCopy })).rejects.toThrow(
      "This backup is already in the remote store.",
    );
    await deleteBackup({ actor: admin, backupId: refusedCopy });
    expect(store.objects().size).toBe(0);
    // 3 MB that does not compress, and 1 MiB parts: the copy goes up as a multipart upload.
    await execIn(a, ctid, [
      "echo in-the-remote-copy > /root/marker; head -c 3000000 /dev/urandom > /root/noise",
    ]);
    process.env.BERTH_REMOTE_PART_MB = "1";
    const r = await createBackup({ actor: SYSTEM_ACTOR, containerId, input: { mode: "snapshot" } });
    const t = await runTask(r.taskId).finally(() => {
      delete process.env.BERTH_REMOTE_PART_MB;
    });
    const bk = await getBackup({ actor: SYSTEM_ACTOR, backupId: r.backupId });
    const key = `berth/${bk.id}/${bk.archive}`;
    expect(bk).toMatchObject({ remoteKey: key, remoteError: null });
    expect(bk.remoteCopiedAt).toBeInstanceOf(Date);
    expect(store.objects().get(key)).toBe(bk.sizeBytes);
    const parts = Math.ceil((bk.sizeBytes as number) / 1024 ** 2);
    expect(parts).toBeGreaterThanOrEqual(3);
    expect(t.logLines.map((l) => l.message).join("\n")).toContain(`(${parts} parts,`);
    expect(t.logLines.map((l) => l.message).join("\n")).toContain(
      `Copied to the remote store: berth-backups/${key}`,
    );

    // The container moves to node B, and node A answers no more: the copy comes from the store.
    await execIn(a, ctid, ["echo after-the-backup > /root/marker"]);
    await cli(a, ["vzctl", "stop", String(ctid)]);
    const nodeA = await db.node.findUniqueOrThrow({ where: { id: a.nodeId } });
    await db.node.update({ where: { id: a.nodeId }, data: { agentUrl: "http://127.0.0.1:9" } });
    await db.container.update({ where: { id: containerId }, data: { nodeId: b.nodeId, status: "STOPPED" } });
    try {
      const restore = await restoreBackup({
        actor: SYSTEM_ACTOR,
        backupId: bk.id,
        input: { confirmHostname: "bk.example.com" },
      });
      const done = await runTask(restore.taskId);
      expect(done.logLines.map((l) => l.message).join("\n")).toContain(
        `Fetching the backup from the remote store (berth-backups/${key}).`,
      );
      await cli(b, ["vzctl", "start", String(ctid)]);
      expect((await execIn(b, ctid, ["cat", "/root/marker"])).trim()).toBe("in-the-remote-copy");
      await cli(b, ["vzctl", "stop", String(ctid)]);
    } finally {
      await db.node.update({ where: { id: a.nodeId }, data: { agentUrl: nodeA.agentUrl } });
      await db.container.update({ where: { id: containerId }, data: { nodeId: a.nodeId } });
    }

    // Deleting the backup deletes its copy in the store too.
    await deleteBackup({ actor: admin, backupId: bk.id });
    expect(store.objects().has(key)).toBe(false);
    // Every request with the right key was taken: upload, download, delete and the test's three.
    expect(store.refusals.slice(refusedBefore)).toEqual([]);
  });
});
