import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentEndpoint } from "./agent-client";

// syncNode against a real database, with the agent's health reply given here (parsed by the real protocol
// schema, as callAgent does). The poller's answer from a node is a snapshot taken when it asked: a task
// that ends while the answer is on its way (a migration moving a container onto the node) must not be
// overwritten by it.

vi.mock("./agent-client", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./agent-client")>();
  return { ...actual, callAgent: vi.fn() };
});

const { createTestDatabase } = await import("../testing/test-db");
const testDb = createTestDatabase();
const { db } = await import("../db");
const agentClient = await import("./agent-client");
const { syncNode } = await import("./sync-node");

const nodeSelect = { id: true, name: true, agentUrl: true, publicKey: true, tlsFingerprint: true } as const;
let a: AgentEndpoint;
let b: AgentEndpoint;
let tenantId: string;

function health(nodeId: string, ctids: number[]) {
  return {
    protocolVersion: 1,
    nodeId,
    agentVersion: "test",
    host: {
      hostname: "h",
      kernel: "6",
      cpus: 2,
      memoryBytes: 8 * 2 ** 30,
      diskTotalBytes: 2 ** 40,
      diskFreeBytes: 2 ** 39,
      lxcVersion: "5.0.2",
      cgroupVersion: 1,
      checkpoint: { supported: false, reason: "criu check failed" },
    },
    containers: ctids.map((ctid) => ({
      ctid,
      status: "running",
      name: null,
      hostname: null,
      ips: [],
      ostemplate: null,
      onboot: false,
      limits: {},
    })),
    templates: [],
  };
}

/** The node's next health reply; `meanwhile` runs after the node answered, before the panel reads it. */
function nodeAnswers(reply: unknown, meanwhile: () => Promise<void> = async () => {}) {
  vi.mocked(agentClient.callAgent).mockImplementationOnce(async (_node, request) => {
    const parsed = request.schema.parse(reply);
    await meanwhile();
    return parsed;
  });
}

async function makeContainer(nodeId: string, ctid: number) {
  return db.container.create({
    data: {
      nodeId,
      ctid,
      tenantId,
      hostname: `ct${ctid}-${nodeId.slice(-4)}.example.com`,
      status: "RUNNING",
      ramMb: 256,
      diskspaceMb: 1024,
      diskspaceLimitMb: 1024,
    },
    select: { id: true },
  });
}

const read = (id: string) =>
  db.container.findUniqueOrThrow({ where: { id }, select: { status: true, hasDrift: true, nodeId: true } });

describe("syncNode", () => {
  beforeAll(async () => {
    a = await db.node.create({
      data: { name: "sync-a", agentUrl: "http://127.0.0.1:1", status: "ONLINE", publicKey: "x" },
      select: nodeSelect,
    });
    b = await db.node.create({
      data: { name: "sync-b", agentUrl: "http://127.0.0.1:2", status: "ONLINE", publicKey: "y" },
      select: nodeSelect,
    });
    tenantId = (await db.tenant.create({ data: { name: "T" } })).id;
  });
  beforeEach(() => {
    vi.mocked(agentClient.callAgent).mockReset();
  });
  afterAll(async () => {
    await db.$disconnect();
    testDb.cleanup();
  });

  it("marks a container the host no longer has as missing, and as drifted", async () => {
    const c = await makeContainer(b.id, 301);
    nodeAnswers(health(b.id, []));
    expect(await syncNode(b)).toEqual({ ok: true });
    expect(await read(c.id)).toMatchObject({ status: "ERROR", hasDrift: true });
  });

  it("leaves alone a container a migration moved onto the node after the node listed its containers", async () => {
    // On A with its container.migrate task running; B lists its containers (not there yet), then the
    // migration ends: the row moves to B, running, and the task finishes; then the poller reads B's rows.
    const c = await makeContainer(a.id, 302);
    const task = await db.task.create({
      data: { type: "container.migrate", status: "RUNNING", containerId: c.id, nodeId: a.id, input: "{}" },
      select: { id: true },
    });
    nodeAnswers(health(b.id, []), async () => {
      await db.container.update({ where: { id: c.id }, data: { nodeId: b.id, status: "RUNNING" } });
      await db.task.update({
        where: { id: task.id },
        data: { status: "SUCCEEDED", finishedAt: new Date() },
      });
    });
    expect(await syncNode(b)).toEqual({ ok: true });
    expect(await read(c.id)).toEqual({ status: "RUNNING", hasDrift: false, nodeId: b.id });

    // The next round, with B's answer now listing it, keeps it as it is.
    nodeAnswers(health(b.id, [302]));
    expect(await syncNode(b)).toEqual({ ok: true });
    expect(await read(c.id)).toEqual({ status: "RUNNING", hasDrift: false, nodeId: b.id });
  });

  it("moves the node's next CTID past a container the host has and the panel does not know", async () => {
    await db.node.update({ where: { id: a.id }, data: { nextCtid: 101 } });
    nodeAnswers(health(a.id, [150, 120]));
    await syncNode(a);
    expect((await db.node.findUniqueOrThrow({ where: { id: a.id } })).nextCtid).toBe(151);
    // Never back: a lower CTID on the host leaves the counter where it is.
    nodeAnswers(health(a.id, [130]));
    await syncNode(a);
    expect((await db.node.findUniqueOrThrow({ where: { id: a.id } })).nextCtid).toBe(151);
  });

  it("still judges a container whose last task ended before the node was asked", async () => {
    const c = await makeContainer(b.id, 303);
    await db.task.create({
      data: {
        type: "container.start",
        status: "SUCCEEDED",
        containerId: c.id,
        nodeId: b.id,
        input: "{}",
        finishedAt: new Date(Date.now() - 60_000),
      },
    });
    nodeAnswers(health(b.id, [302]));
    await syncNode(b);
    expect(await read(c.id)).toMatchObject({ status: "ERROR", hasDrift: true });
  });
});
