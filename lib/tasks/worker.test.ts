import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningKeyPair } from "@/agent/protocol";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

const testDb = createTestDatabase();
const { db } = await import("../db");
const { createContainer } = await import("../containers/create-container");
const { claimAndRun, processTask } = await import("./worker");
const { TASK_HANDLERS } = await import("./handlers");
const { AppError } = await import("../errors/app-error");

const admin: UserActor = {
  kind: "user",
  userId: "a",
  email: "a@x.test",
  name: "A",
  role: "ADMIN",
  tenantId: null,
  locale: "en",
  isDisabled: false,
};

describe("task worker", () => {
  let ids: { tenant: string; node: string; template: string; plan: string };
  beforeAll(async () => {
    await db.user.create({
      data: { id: "a", email: "a@x.test", name: "A", role: "ADMIN", passwordHash: "-" },
    });
    // A joined node whose agent does not answer (nothing listens on port 9 of loopback).
    const node = await db.node.create({
      data: {
        name: "n2",
        agentUrl: "http://127.0.0.1:9",
        status: "ONLINE",
        memoryMb: 8192,
        diskFreeMb: 100_000,
        publicKey: generateSigningKeyPair().publicKey,
      },
    });
    const tenant = await db.tenant.create({ data: { name: "T" } });
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
    await db.nodeTemplate.create({ data: { nodeId: node.id, templateId: template.id, isPresent: true } });
    const plan = await db.plan.create({
      data: { name: "basic", ramMb: 256, diskspaceMb: 1024, diskspaceLimitMb: 1024 },
    });
    await db.ipPool.create({
      data: { name: "p", cidr: "10.8.0.0/24", ipVersion: 4, nodes: { create: { nodeId: node.id } } },
    });
    ids = { tenant: tenant.id, node: node.id, template: template.id, plan: plan.id };
  });
  afterAll(async () => {
    await db.$disconnect();
    testDb.cleanup();
  });

  it("fails a create on an offline node with a clear message and leaves nothing half-made in the panel", async () => {
    const created = await createContainer({
      actor: admin,
      input: {
        tenantId: ids.tenant,
        nodeId: ids.node,
        templateId: ids.template,
        planId: ids.plan,
        hostname: "off.example.com",
      },
    });
    expect(await processTask(created.task.id)).toBe(true);
    const task = await db.task.findUniqueOrThrow({ where: { id: created.task.id } });
    expect(task.status).toBe("FAILED");
    expect(task.error).toMatch(/^Node n2 is offline: its agent at http:\/\/127\.0\.0\.1:9 did not answer/);
    expect(task.lockKey).toBeNull();
    // The task keeps the story; the container and its address are gone from the panel.
    expect(JSON.parse(task.input)).toMatchObject({ hostname: "off.example.com", ctid: 101 });
    expect(JSON.parse(task.input).rootPasswordSealed).toBeUndefined();
    expect(await db.container.count()).toBe(0);
    expect(await db.ipAddress.count()).toBe(0);
    const log = await db.taskLogLine.findMany({ where: { taskId: task.id }, orderBy: { id: "asc" } });
    expect(log.map((l) => l.message).join("\n")).toContain("is offline");
  });

  it("a failed task is FAILED with its cleanup marked pending while the cleanup runs, and not pending after", async () => {
    const seen: { status: string; isPending: unknown }[] = [];
    TASK_HANDLERS["test.fails"] = Object.assign(
      async () => {
        throw new AppError("CONFLICT", "It broke.");
      },
      {
        onFailure: async (ctx: { task: { id: string } }) => {
          const t = await db.task.findUniqueOrThrow({ where: { id: ctx.task.id } });
          seen.push({ status: t.status, isPending: JSON.parse(t.input).isCleanupPending });
        },
      },
    );
    const task = await db.task.create({ data: { type: "test.fails", commandId: "cmd-test-fails" } });
    expect(await processTask(task.id)).toBe(true);
    expect(seen).toEqual([{ status: "FAILED", isPending: true }]);
    const after = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(after.status).toBe("FAILED");
    expect(after.error).toBe("It broke.");
    expect(JSON.parse(after.input).isCleanupPending).toBeUndefined();
  });

  it("a cleanup its panel died in is run again by another worker, once, and only when that panel is gone", async () => {
    let cleanups = 0;
    TASK_HANDLERS["test.cleanup"] = Object.assign(
      async () => {
        throw new AppError("CONFLICT", "It broke.");
      },
      {
        onFailure: async () => {
          cleanups++;
        },
      },
    );
    const pending = JSON.stringify({ hostname: "x.example.com", isCleanupPending: true });
    const longAgo = new Date(Date.now() - 60_000);
    const orphan = await db.task.create({
      data: {
        type: "test.cleanup",
        status: "FAILED",
        error: "It broke.",
        commandId: "cmd-test-orphan",
        input: pending,
        claimedBy: "dead-panel",
        finishedAt: longAgo,
        updatedAt: longAgo,
      },
    });
    // Another panel's cleanup in progress: its heartbeat is fresh, so it is left to it.
    const live = await db.task.create({
      data: {
        type: "test.cleanup",
        status: "FAILED",
        error: "It broke.",
        commandId: "cmd-test-live",
        input: pending,
        claimedBy: "live-panel",
      },
    });
    await Promise.all(await claimAndRun(4));
    expect(cleanups).toBe(1);
    const done = await db.task.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(done.status).toBe("FAILED");
    expect(done.error).toBe("It broke.");
    expect(JSON.parse(done.input)).toEqual({ hostname: "x.example.com" });
    const log = await db.taskLogLine.findMany({ where: { taskId: orphan.id } });
    expect(log.map((l) => l.message).join("\n")).toContain(
      "resumed after the panel restarted (was on dead-panel)",
    );
    expect(
      JSON.parse((await db.task.findUniqueOrThrow({ where: { id: live.id } })).input).isCleanupPending,
    ).toBe(true);
    await Promise.all(await claimAndRun(4));
    expect(cleanups).toBe(1);
  });

  it("never runs a task twice: a second claim of the same task is refused", async () => {
    const created = await createContainer({
      actor: admin,
      input: {
        tenantId: ids.tenant,
        nodeId: ids.node,
        templateId: ids.template,
        planId: ids.plan,
        hostname: "twice.example.com",
      },
    });
    const [first, second] = await Promise.all([processTask(created.task.id), processTask(created.task.id)]);
    expect([first, second].sort()).toEqual([false, true]);
  });
});
