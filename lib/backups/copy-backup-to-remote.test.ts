// Copying a backup to the remote store, against a real database (no agent: the copy only queues its task).
import { afterAll, describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { sealSecret } = await import("../auth/secret-box");
const { copyBackupToRemote, listBackupsBeingCopied } = await import("./copy-backup-to-remote");

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

async function setUp() {
  const admin = await db.user.create({
    data: { email: "copy@backups.test", name: "Copy", passwordHash: "-", role: "ADMIN" },
  });
  const node = await db.node.create({ data: { name: "copy-node", agentUrl: "http://127.0.0.1:9" } });
  const tenant = await db.tenant.create({ data: { name: "Copy tenant" } });
  const backup = (archive: string) =>
    db.backup.create({
      data: {
        nodeId: node.id,
        tenantId: tenant.id,
        ctid: 101,
        hostname: "c.example.com",
        mode: "stop",
        status: "SUCCEEDED",
        archive,
      },
    });
  await db.backupRemote.create({
    data: {
      endpoint: "http://127.0.0.1:9",
      bucket: "b",
      accessKeyId: "AKIDEXAMPLE",
      secretKeySealed: sealSecret("secret"),
    },
  });
  const actor: UserActor = {
    kind: "user",
    userId: admin.id,
    email: admin.email,
    name: "Copy",
    role: "ADMIN",
    tenantId: null,
    locale: "en",
    isDisabled: false,
  };
  return { actor, first: await backup("vzdump-101-a.tar.zst"), second: await backup("vzdump-101-b.tar.zst") };
}

describe("copying a backup to the remote store", () => {
  it("queues one copy per backup: a second press while it is queued is refused, and the page lists it", async () => {
    const { actor, first, second } = await setUp();
    const { taskId } = await copyBackupToRemote({ actor, backupId: first.id });
    await expect(copyBackupToRemote({ actor, backupId: first.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("being copied to the remote store now"),
    });
    expect(await db.task.count({ where: { type: "backup.copy" } })).toBe(1);
    expect([...(await listBackupsBeingCopied({ actor }))]).toEqual([first.id]);

    // Another backup is not held up by it.
    await copyBackupToRemote({ actor, backupId: second.id });
    expect(await listBackupsBeingCopied({ actor })).toEqual(new Set([first.id, second.id]));

    // Once the first copy is over (here: failed), it can be copied again.
    await db.task.update({ where: { id: taskId }, data: { status: "FAILED", lockKey: null } });
    expect(await listBackupsBeingCopied({ actor })).toEqual(new Set([second.id]));
    await copyBackupToRemote({ actor, backupId: first.id });
  });
});
