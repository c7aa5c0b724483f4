import http from "node:http";
import net from "node:net";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { createTestDatabase } from "../testing/test-db";
import { type Seeded, seedTwoTenants, snapshotAllButA } from "./fixtures";
import { MISSING, NOT_FOUND_MESSAGE } from "./ids";

// The console websocket (/ws/console) as server.ts serves it: a real HTTP server whose upgrades go to
// handleConsoleUpgrade, a real session cookie of A's customer, and the node's agent address pointing at a
// listener that counts connections. B's container and a missing one must be refused alike, before the
// panel asks the agent for anything.

vi.mock("../nodes/agent-client", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../nodes/agent-client")>();
  return { ...actual, callAgent: vi.fn(actual.callAgent), connectToAgent: vi.fn(actual.connectToAgent) };
});

const PANEL_ORIGIN = "http://localhost:3000";
process.env.NEXTAUTH_URL = PANEL_ORIGIN;
const testDb = createTestDatabase();
const { db } = await import("../db");
const agentClient = await import("../nodes/agent-client");
const { handleConsoleUpgrade } = await import("../console/handle-console-upgrade");
const { getConsoleTarget } = await import("../console/get-console-target");

let seeded: Seeded;
let before: string;
let panel: http.Server;
let panelUrl: string;
let fakeAgent: net.Server;
let agentConnections = 0;
let cookie: string;

type Refusal =
  | { status: number; statusText: string; headers: Record<string, unknown>; body: string }
  | { opened: true };

/** Opens /ws/console for a container id; the answer to a refused upgrade, or that it opened. */
function openConsole(containerId: string): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${panelUrl}/ws/console?container=${containerId}&cols=80&rows=24`, {
      headers: { cookie, origin: PANEL_ORIGIN },
    });
    ws.on("open", () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c: Buffer) => {
        body += c.toString();
      });
      res.on("end", () => {
        const { date: _date, ...headers } = res.headers;
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers, body });
      });
    });
    ws.on("error", (err) => reject(err));
  });
}

beforeAll(async () => {
  seeded = await seedTwoTenants();
  fakeAgent = net.createServer((socket) => {
    agentConnections++;
    socket.destroy();
  });
  await new Promise<void>((r) => fakeAgent.listen(0, "127.0.0.1", r));
  const agentPort = (fakeAgent.address() as net.AddressInfo).port;
  await db.node.update({
    where: { id: seeded.own.nodeId },
    data: { agentUrl: `http://127.0.0.1:${agentPort}` },
  });

  panel = http.createServer((_req, res) => res.writeHead(404).end());
  panel.on("upgrade", (req, socket, head) => void handleConsoleUpgrade(req, socket, head));
  await new Promise<void>((r) => panel.listen(0, "127.0.0.1", r));
  panelUrl = `ws://127.0.0.1:${(panel.address() as net.AddressInfo).port}`;

  // The session cookie next-auth would have set for A's customer (same secret, same claims).
  const token = await encode({
    token: { uid: seeded.customerA.userId, sv: 0 },
    secret: process.env.NEXTAUTH_SECRET as string,
  });
  cookie = `next-auth.session-token=${token}`;
  before = await snapshotAllButA(seeded);
}, 60_000);

afterAll(async () => {
  await new Promise((r) => panel.close(r));
  await new Promise((r) => fakeAgent.close(r));
  await db.$disconnect();
  testDb.cleanup();
});

describe("console websocket: another tenant's container answers like a missing one", () => {
  it("refuses B's container exactly like a missing one, before any request to an agent", async () => {
    vi.mocked(agentClient.callAgent).mockClear();
    vi.mocked(agentClient.connectToAgent).mockClear();
    const foreign = await openConsole(seeded.foreign.containerId);
    const missing = await openConsole(MISSING.containerId);
    expect(foreign).toEqual(missing);
    expect(foreign).toMatchObject({ status: 404 });
    expect(agentClient.callAgent).not.toHaveBeenCalled();
    expect(agentClient.connectToAgent).not.toHaveBeenCalled();
    expect(agentConnections).toBe(0);
  });

  it("refuses B's container like a missing one for a customer of a suspended tenant too", async () => {
    await db.tenant.update({ where: { id: seeded.own.tenantId }, data: { status: "SUSPENDED" } });
    try {
      const foreign = await openConsole(seeded.foreign.containerId);
      expect(foreign).toEqual(await openConsole(MISSING.containerId));
      expect(foreign).toMatchObject({ status: 404 });
    } finally {
      await db.tenant.update({ where: { id: seeded.own.tenantId }, data: { status: "ACTIVE" } });
    }
    expect(agentClient.callAgent).not.toHaveBeenCalled();
    expect(agentConnections).toBe(0);
  });

  it("resolves the console page's target the same way (getConsoleTarget)", async () => {
    const refusal = (id: string) =>
      getConsoleTarget({ actor: seeded.customerA, containerId: id }).then(
        () => ({ code: "OPENED", message: "" }),
        (err: { code: string; message: string }) => ({ code: err.code, message: err.message }),
      );
    const foreign = await refusal(seeded.foreign.containerId);
    expect(foreign).toEqual(await refusal(MISSING.containerId));
    expect(foreign).toEqual({ code: "NOT_FOUND", message: NOT_FOUND_MESSAGE });
  });

  it("changed nothing of B's, nor anything shared", async () => {
    expect(await snapshotAllButA(seeded)).toBe(before);
  });

  // Positive control, last (it reaches the counting listener): the same cookie opens A's own console, so
  // the refusals above are the authorization's, not a broken session or a spy that cannot see calls.
  it("opens A's own container's console with the same cookie, and only then asks the agent", async () => {
    expect(await openConsole(seeded.own.containerId)).toEqual({ opened: true });
    await vi.waitFor(() => expect(agentClient.callAgent).toHaveBeenCalled(), { timeout: 5_000 });
  });
});
