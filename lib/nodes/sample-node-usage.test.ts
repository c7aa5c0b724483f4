import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";
import type { AgentEndpoint } from "./agent-client";

// sampleNodeUsage against a real database, with the agent's reply given here (parsed by the real
// protocol schema, as callAgent does): network bytes go into netRxBytes/netTxBytes and from there into
// the billing figures of getContainerUsage.

vi.mock("./agent-client", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./agent-client")>();
  return { ...actual, callAgent: vi.fn() };
});

const testDb = createTestDatabase();
const { db } = await import("../db");
const agentClient = await import("./agent-client");
const { sampleNodeUsage } = await import("./sample-node-usage");
const { getContainerUsage } = await import("../containers/get-container-usage");

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
const counters = [
  { resource: "physpages", held: 2560, maxheld: 2560, barrier: 65536, limit: 65536, failcnt: 0 },
  { resource: "cpu", held: 1e9, maxheld: 1e9, barrier: null, limit: null, failcnt: 0 },
];
let node: AgentEndpoint;
let ct: { withNet: string; oldAgent: string };

/** The agent's next reply to GET /v1/beancounters, through the protocol schema as callAgent parses it. */
function agentReplies(reply: unknown[]) {
  vi.mocked(agentClient.callAgent).mockImplementationOnce(async (_node, request) =>
    request.schema.parse(reply),
  );
}

const samples = (containerId: string) =>
  db.usageSample.findMany({
    where: { containerId },
    orderBy: { id: "asc" },
    select: { netRxBytes: true, netTxBytes: true, ramUsedMb: true },
  });

describe("sampleNodeUsage", () => {
  beforeAll(async () => {
    await db.user.create({
      data: { id: "a", email: "a@x.test", name: "A", role: "ADMIN", passwordHash: "-" },
    });
    node = await db.node.create({
      data: { name: "n1", agentUrl: "http://127.0.0.1:1", status: "ONLINE", publicKey: "x" },
      select: { id: true, name: true, agentUrl: true, publicKey: true, tlsFingerprint: true },
    });
    const tenant = await db.tenant.create({ data: { name: "T" } });
    const make = (ctid: number) =>
      db.container.create({
        data: {
          nodeId: node.id,
          ctid,
          tenantId: tenant.id,
          hostname: `ct${ctid}.example.com`,
          status: "RUNNING",
          ramMb: 256,
          diskspaceMb: 1024,
          diskspaceLimitMb: 1024,
        },
        select: { id: true },
      });
    ct = { withNet: (await make(101)).id, oldAgent: (await make(102)).id };
  });
  beforeEach(() => {
    vi.mocked(agentClient.callAgent).mockReset();
  });
  afterAll(async () => {
    await db.$disconnect();
    testDb.cleanup();
  });

  it("stores the agent's network bytes, and the usage API bills the traffic between samples", async () => {
    const from = new Date(Date.now() - 1000);
    agentReplies([
      { ctid: 101, running: true, counters, net: { rxBytes: 5_000, txBytes: 700 } },
      { ctid: 102, running: true, counters },
    ]);
    expect(await sampleNodeUsage(node)).toBe(2);
    agentReplies([
      { ctid: 101, running: true, counters, net: { rxBytes: 1_205_000, txBytes: 300_700 } },
      { ctid: 102, running: true, counters },
    ]);
    expect(await sampleNodeUsage(node)).toBe(2);

    expect(await samples(ct.withNet)).toEqual([
      { netRxBytes: 5_000, netTxBytes: 700, ramUsedMb: 10 },
      { netRxBytes: 1_205_000, netTxBytes: 300_700, ramUsedMb: 10 },
    ]);
    const usage = await getContainerUsage({
      actor: admin,
      containerId: ct.withNet,
      from,
      to: new Date(Date.now() + 1000),
    });
    expect(usage.network).toEqual({ rxBytes: 1_200_000, txBytes: 300_000, counterResets: 0 });
  });

  it("an agent without network bytes (older) stores zeros as before: no fall that would read as a reset", async () => {
    expect(await samples(ct.oldAgent)).toEqual([
      { netRxBytes: 0, netTxBytes: 0, ramUsedMb: 10 },
      { netRxBytes: 0, netTxBytes: 0, ramUsedMb: 10 },
    ]);
  });

  it("a reading without net (veth gone for a moment) repeats the last counters; the next one counts on", async () => {
    // The earlier samples a minute back, so the window below starts between them and these.
    await db.usageSample.updateMany({
      where: { containerId: ct.withNet },
      data: { createdAt: new Date(Date.now() - 60_000) },
    });
    const from = new Date(Date.now() - 30_000);
    agentReplies([{ ctid: 101, running: true, counters }]);
    await sampleNodeUsage(node);
    agentReplies([{ ctid: 101, running: true, counters, net: { rxBytes: 1_215_000, txBytes: 300_900 } }]);
    await sampleNodeUsage(node);
    const rows = await samples(ct.withNet);
    expect(rows.slice(-2)).toEqual([
      { netRxBytes: 1_205_000, netTxBytes: 300_700, ramUsedMb: 10 },
      { netRxBytes: 1_215_000, netTxBytes: 300_900, ramUsedMb: 10 },
    ]);
    const usage = await getContainerUsage({
      actor: admin,
      containerId: ct.withNet,
      from,
      to: new Date(Date.now() + 1000),
    });
    // Counted from the last sample before the window: 10 000 and 200 bytes, no reset, nothing twice.
    expect(usage.network).toEqual({ rxBytes: 10_000, txBytes: 200, counterResets: 0 });
  });
});
