import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../testing/test-db";

// Removing a node against a real database: its backups' rows go with it (their archives were on it), except
// that a node whose backups have copies in the remote store is refused, since the rows are the only record
// of those copies.

const testDb = createTestDatabase();
const { db } = await import("../db");
const { deleteNode } = await import("./delete-node");

afterAll(async () => {
  await db.$disconnect();
  testDb.cleanup();
});

async function nodeWithBackup(name: string, remoteKey: string | null) {
  const admin = await db.user.create({
    data: { email: `${name}@nodes.test`, name, passwordHash: "-", role: "ADMIN" },
  });
  const node = await db.node.create({ data: { name, agentUrl: "http://127.0.0.1:9" } });
  const tenant = await db.tenant.create({ data: { name: `T ${name}` } });
  const backup = await db.backup.create({
    data: {
      nodeId: node.id,
      tenantId: tenant.id,
      ctid: 101,
      hostname: "b.example.com",
      mode: "stop",
      status: "SUCCEEDED",
      archive: "vzdump-101-2026_11_27-10_00_00.tar.zst",
      remoteKey,
    },
  });
  const actor = {
    kind: "user" as const,
    userId: admin.id,
    email: admin.email,
    name,
    role: "ADMIN" as const,
    tenantId: null,
    locale: "en",
    isDisabled: false,
  };
  return { node, backup, actor };
}

describe("removing a node", () => {
  it("refuses while backups it made have copies in the remote store, and keeps everything", async () => {
    const { node, backup, actor } = await nodeWithBackup("kept", "berth/x/vzdump-101.tar.zst");
    await expect(deleteNode({ actor, nodeId: node.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("1 backup(s) whose copies are in the remote store"),
    });
    expect(await db.node.findUnique({ where: { id: node.id } })).not.toBeNull();
    expect(await db.backup.findUnique({ where: { id: backup.id } })).not.toBeNull();
  });

  it("removes a node whose backups exist only on it, with their rows", async () => {
    const { node, backup, actor } = await nodeWithBackup("gone", null);
    await deleteNode({ actor, nodeId: node.id });
    expect(await db.node.findUnique({ where: { id: node.id } })).toBeNull();
    expect(await db.backup.findUnique({ where: { id: backup.id } })).toBeNull();
  });
});
