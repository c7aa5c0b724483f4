import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupTestEnv, cli, makeTestEnv, quiet, TEST_TEMPLATE, type TestEnv } from "./helpers";
import { PanelDouble, send, startAgent } from "./panel-double";

const execFileP = promisify(execFile);
let routed: TestEnv;
let bridged: TestEnv;

beforeAll(async () => {
  routed = await makeTestEnv();
  bridged = await makeTestEnv({ bridged: true });
});

afterAll(async () => {
  await cleanupTestEnv(routed);
  await cleanupTestEnv(bridged);
});

const hostRoutes = async () => (await execFileP("ip", ["-4", "route", "show"])).stdout;

describe("networking", () => {
  it("routed (venet-like): /32 host routes to the veth, live ipadd/ipdel, traffic only inside the container", async () => {
    const d = routed.driver;
    await d.create(
      601,
      {
        ostemplate: TEST_TEMPLATE,
        ipadd: ["10.231.61.2", "199.199.199.199"],
        diskspace: { barrier: 16384, limit: 16384 },
      },
      quiet,
    );
    await d.start(601, quiet);
    expect(await hostRoutes()).toMatch(/10\.231\.61\.2 dev vbt601/);
    const inside = await d.exec(601, ["ip", "-4", "addr", "show", "eth0"]);
    expect(inside.stdout).toContain("10.231.61.2/32");
    expect(inside.stdout).toContain("199.199.199.199/32");
    // The host reaches the container over its route (the container answers its own ping on loopback too).
    const ping = await d.exec(601, ["ping", "-c", "1", "-W", "2", "10.231.61.2"]);
    expect(ping.code).toBe(0);

    await d.set(601, { ipadd: ["10.231.61.3"] }, true, quiet);
    expect((await d.exec(601, ["ip", "-4", "addr", "show", "eth0"])).stdout).toContain("10.231.61.3/32");
    expect(await hostRoutes()).toMatch(/10\.231\.61\.3 dev vbt601/);
    await d.set(601, { ipdel: ["10.231.61.3"] }, true, quiet);
    expect((await d.exec(601, ["ip", "-4", "addr", "show", "eth0"])).stdout).not.toContain("10.231.61.3");
    expect(await hostRoutes()).not.toMatch(/10\.231\.61\.3 /);
    expect((await d.readConfig(601))?.get("IP_ADDRESS")).toBe("10.231.61.2 199.199.199.199");

    // IPv6 in routed mode: a /128 inside and a host route to the veth.
    await d.set(601, { ipadd: ["fd00:231::61"] }, true, quiet);
    expect((await d.exec(601, ["ip", "-6", "addr", "show", "eth0"])).stdout).toContain("fd00:231::61/128");
    expect((await execFileP("ip", ["-6", "route", "show"])).stdout).toMatch(/fd00:231::61 dev vbt601/);
    await d.set(601, { ipdel: ["fd00:231::61"] }, true, quiet);

    // An address already given to another container is refused (vzctl exit 78).
    await d.create(602, { ostemplate: TEST_TEMPLATE, diskspace: { barrier: 16384, limit: 16384 } }, quiet);
    await expect(d.set(602, { ipadd: ["10.231.61.2"] }, true, quiet)).rejects.toThrow(
      /already used by container 601/,
    );
  });

  it("bridged: creates the bridge if missing, static address and default route via the bridge", async () => {
    const d = bridged.driver;
    expect(existsSync("/sys/class/net/berthtest0")).toBe(false);
    await d.create(
      611,
      { ostemplate: TEST_TEMPLATE, ipadd: ["10.231.200.11"], diskspace: { barrier: 16384, limit: 16384 } },
      quiet,
    );
    await d.start(611, quiet);
    expect(existsSync("/sys/class/net/berthtest0")).toBe(true);
    const addr = await d.exec(611, ["ip", "-4", "addr", "show", "eth0"]);
    expect(addr.stdout).toContain("10.231.200.11/24");
    const route = await d.exec(611, ["ip", "-4", "route"]);
    expect(route.stdout).toContain("default via 10.231.200.1");
    const ping = await d.exec(611, ["ping", "-c", "1", "-W", "2", "10.231.200.1"]);
    expect(ping.code).toBe(0);
  });

  it("serve starts ONBOOT containers", async () => {
    const d = routed.driver;
    await d.stop(601, { fast: true }, quiet);
    await d.set(601, { onboot: true }, true, quiet);
    const panel = new PanelDouble();
    await panel.start();
    try {
      expect(
        (await cli(routed, ["join", panel.url, panel.token, "--agent-url", "http://127.0.0.1:7443"])).code,
      ).toBe(0);
      const agent = await startAgent(routed);
      try {
        for (let i = 0; i < 50 && !(await d.isRunning(601)); i++)
          await new Promise((r) => setTimeout(r, 100));
        expect(await d.isRunning(601)).toBe(true);
        expect(await d.isRunning(602)).toBe(false);
        const health = await send(agent.port, panel, "/v1/health");
        const cts = (health.json as { containers: { ctid: number; status: string }[] }).containers;
        expect(cts.find((c) => c.ctid === 601)?.status).toBe("running");
      } finally {
        agent.child.kill("SIGTERM");
        await agent.exited;
      }
    } finally {
      panel.stop();
    }
  });
});
