import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beancountersResultSchema } from "../protocol";
import { type NetTraffic, parseNetDev } from "../src/beancounters/net-traffic";
import { LxcDriver } from "../src/driver/lxc-driver";
import { cleanupTestEnv, cli, makeTestEnv, quiet, TEST_TEMPLATE, type TestEnv } from "./helpers";
import { type AgentProcess, PanelDouble, send, startAgent } from "./panel-double";

// A container's network bytes in the beancounters reply: they grow with real traffic over its veth, and
// they are the container's own view (what its /proc/net/dev says), not the host end's reversed one.
// Own veth prefix, bridge and CTIDs, so this file does not clash with other network tests on the host.

const ROUTED_CT = 741;
const ROUTED_IP = "10.231.74.2";
const BRIDGED_CT = 742;
const BRIDGE = "berthnt0";
const BRIDGE_GW = "10.231.207.1";
const BRIDGED_IP = "10.231.207.12";

let routed: TestEnv;
let bridged: TestEnv;

async function makeNetEnv(bridgedMode: boolean): Promise<TestEnv> {
  const t = await makeTestEnv();
  const network = {
    mode: bridgedMode ? ("bridged" as const) : ("routed" as const),
    bridge: BRIDGE,
    bridgeCidr: `${BRIDGE_GW}/24`,
    vethPrefix: "vbn",
  };
  t.env = {
    ...t.env,
    BERTH_VETH_PREFIX: network.vethPrefix,
    BERTH_NET_MODE: network.mode,
    BERTH_BRIDGE: network.bridge,
    BERTH_BRIDGE_CIDR: network.bridgeCidr,
  };
  t.driver = new LxcDriver({ paths: t.driver.paths, network });
  await t.driver.init();
  t.bridges = bridgedMode ? [BRIDGE] : [];
  return t;
}

beforeAll(async () => {
  routed = await makeNetEnv(false);
  bridged = await makeNetEnv(true);
});

afterAll(async () => {
  await cleanupTestEnv(routed);
  await cleanupTestEnv(bridged);
});

/** The container's counters as it sees them itself: every interface but loopback. */
async function insideView(t: TestEnv, ctid: number): Promise<NetTraffic> {
  const r = await t.driver.exec(ctid, ["cat", "/proc/net/dev"]);
  expect(r.code).toBe(0);
  let rxBytes = 0;
  let txBytes = 0;
  for (const [name, c] of parseNetDev(r.stdout)) {
    if (name === "lo") continue;
    rxBytes += c.rxBytes;
    txBytes += c.txBytes;
  }
  return { rxBytes, txBytes };
}

/** The agent's reading lies between two readings of the container's own counters, direction by direction. */
async function expectSameAsInside(t: TestEnv, ctid: number, read: () => Promise<NetTraffic>) {
  const first = await insideView(t, ctid);
  const agent = await read();
  const second = await insideView(t, ctid);
  expect(agent.rxBytes).toBeGreaterThanOrEqual(first.rxBytes);
  expect(agent.rxBytes).toBeLessThanOrEqual(second.rxBytes);
  expect(agent.txBytes).toBeGreaterThanOrEqual(first.txBytes);
  expect(agent.txBytes).toBeLessThanOrEqual(second.txBytes);
}

/** Sends UDP datagrams from the host to the container (to the discard port: nothing needs to listen). */
async function sendUdp(ip: string, count: number, size: number): Promise<void> {
  const sock = dgram.createSocket("udp4");
  try {
    const payload = Buffer.alloc(size, 0x61);
    for (let i = 0; i < count; i++)
      await new Promise<void>((resolve, reject) =>
        sock.send(payload, 9, ip, (err) => (err ? reject(err) : resolve())),
      );
  } finally {
    sock.close();
  }
}

describe("network bytes in the beancounters", () => {
  it("routed: the signed GET /v1/beancounters reports the container's rx/tx, growing with traffic", async () => {
    const d = routed.driver;
    await d.create(
      ROUTED_CT,
      { ostemplate: TEST_TEMPLATE, ipadd: [ROUTED_IP], diskspace: { barrier: 16384, limit: 16384 } },
      quiet,
    );
    await d.start(ROUTED_CT, quiet);
    const panel = new PanelDouble();
    await panel.start();
    let agent: AgentProcess | undefined;
    try {
      const join = await cli(routed, [
        "join",
        panel.url,
        panel.token,
        "--agent-url",
        "http://127.0.0.1:7443",
      ]);
      expect(join.code).toBe(0);
      agent = await startAgent(routed);
      const port = agent.port;
      const read = async (): Promise<NetTraffic> => {
        const r = await send(port, panel, `/v1/beancounters?ctid=${ROUTED_CT}`);
        expect(r.status).toBe(200);
        expect(r.signatureValid).toBe(true);
        const [ct] = beancountersResultSchema.parse(r.json);
        expect(ct?.running).toBe(true);
        if (!ct?.net) throw new Error(`no net in ${r.body}`);
        return ct.net;
      };

      const before = await read();
      // 40 KB from the host into the container; the container answers at least ARP and some ICMP errors.
      await sendUdp(ROUTED_IP, 40, 1000);
      await expect
        .poll(async () => (await read()).rxBytes - before.rxBytes, { timeout: 5_000 })
        .toBeGreaterThanOrEqual(40 * 1000);
      const after = await read();
      expect(after.txBytes).toBeGreaterThan(before.txBytes);
      // Received is what the container received: far more than it sent in this exchange.
      expect(after.rxBytes - before.rxBytes).toBeGreaterThan(after.txBytes - before.txBytes);
      await expectSameAsInside(routed, ROUTED_CT, read);
    } finally {
      if (agent) {
        agent.child.kill("SIGTERM");
        await agent.exited;
      }
      panel.stop();
    }
  });

  it("bridged: `berth-agent beancounters --json` reports them too; a stopped container has none", async () => {
    const d = bridged.driver;
    await d.create(
      BRIDGED_CT,
      { ostemplate: TEST_TEMPLATE, ipadd: [BRIDGED_IP], diskspace: { barrier: 16384, limit: 16384 } },
      quiet,
    );
    await d.start(BRIDGED_CT, quiet);
    const read = async (): Promise<NetTraffic> => {
      const r = await cli(bridged, ["beancounters", "--json", String(BRIDGED_CT)]);
      expect(r.code).toBe(0);
      const [ct] = beancountersResultSchema.parse(JSON.parse(r.stdout));
      if (!ct?.net) throw new Error(`no net in ${r.stdout}`);
      return ct.net;
    };

    const before = await read();
    // From inside: 5 pings of 1000 bytes to the bridge's address, each answered.
    const ping = await d.exec(BRIDGED_CT, [
      "ping",
      "-c",
      "5",
      "-i",
      "0.2",
      "-s",
      "1000",
      "-W",
      "2",
      BRIDGE_GW,
    ]);
    expect(ping.code).toBe(0);
    const after = await read();
    expect(after.txBytes - before.txBytes).toBeGreaterThanOrEqual(5 * 1000);
    expect(after.rxBytes - before.rxBytes).toBeGreaterThanOrEqual(5 * 1000);
    await expectSameAsInside(bridged, BRIDGED_CT, read);

    // The /proc/user_beancounters text keeps OpenVZ's format: no network lines.
    const text = await cli(bridged, ["beancounters", String(BRIDGED_CT)]);
    expect(text.stdout).not.toMatch(/rxBytes|txBytes/);

    await d.stop(BRIDGED_CT, { fast: true }, quiet);
    const stopped = await cli(bridged, ["beancounters", "--json", String(BRIDGED_CT)]);
    const [ct] = beancountersResultSchema.parse(JSON.parse(stopped.stdout));
    expect(ct?.running).toBe(false);
    expect(ct?.net).toBeUndefined();
  });
});
