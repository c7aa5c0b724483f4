import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "../protocol/index";
import { generateSigningKeyPair } from "../protocol/signing";
import { PROTOCOL_VERSION } from "../protocol/version";
import {
  cleanupTestEnv,
  cli,
  loopsOf,
  makeTestEnv,
  mountsUnder,
  TEST_TEMPLATE,
  type TestEnv,
} from "./helpers";
import { type AgentProcess, PanelDouble, raw, send, startAgent } from "./panel-double";

let t: TestEnv;
let panel: PanelDouble;
let agent: AgentProcess | undefined;

beforeAll(async () => {
  t = await makeTestEnv();
  panel = new PanelDouble();
  await panel.start();
});

afterAll(async () => {
  agent?.child.kill("SIGKILL");
  panel.stop();
  await cleanupTestEnv(t);
});

type OpReply = {
  operation: {
    id: string;
    status: string;
    log: { n: number; line: string }[];
    result?: unknown;
    error?: { message: string };
    recovery?: string;
  };
};

async function waitOp(id: string): Promise<OpReply["operation"]> {
  for (let i = 0; i < 60; i++) {
    if (!agent) throw new Error("agent not running");
    const r = await send(agent.port, panel, `${ENDPOINTS.operation(id)}?wait=5000`);
    const op = (r.json as OpReply).operation;
    if (op.status !== "running") return op;
  }
  throw new Error(`operation ${id} did not finish`);
}

const command = (id: string, cmd: Record<string, unknown>) => ({
  protocolVersion: PROTOCOL_VERSION,
  id,
  command: cmd,
});

describe("join and signed commands", () => {
  it("joins the panel: registers the agent key and pins the panel's keys", async () => {
    const r = await cli(t, ["join", panel.url, panel.token, "--agent-url", "http://127.0.0.1:7443"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`as node ${panel.nodeId}`);
    expect(panel.joins).toHaveLength(1);
    expect(panel.joins[0]?.tlsFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const again = await cli(t, ["join", panel.url, panel.token]);
    expect(again.code).not.toBe(0);
    agent = await startAgent(t);
  });

  it("answers a valid signed request, with a signed reply", async () => {
    if (!agent) throw new Error("no agent");
    const r = await send(agent.port, panel, ENDPOINTS.health);
    expect(r.status).toBe(200);
    expect(r.signatureValid).toBe(true);
    const h = r.json as {
      nodeId: string;
      host: { lxcVersion: string; cpus: number; checkpoint: { supported: boolean } };
      templates: { name: string }[];
    };
    expect(h.nodeId).toBe(panel.nodeId);
    expect(h.host.lxcVersion).toMatch(/^\d+\.\d+/);
    expect(h.templates.map((x) => x.name)).toContain(TEST_TEMPLATE);
  });

  it("refuses replay, unknown key, swapped body, expired, future, other node and changed path, and logs why", async () => {
    if (!agent) throw new Error("no agent");
    const port = agent.port;
    const ok = await send(port, panel, ENDPOINTS.health);
    expect(ok.status).toBe(200);
    const replay = await raw(port, panel, "GET", ENDPOINTS.health, "", ok.sentHeaders);
    expect(replay.status).toBe(401);
    expect(replay.body).toContain("replayed nonce");

    const stranger = generateSigningKeyPair();
    expect((await send(port, panel, ENDPOINTS.health, { key: stranger })).body).toContain("unknown key");
    // A stranger reusing a trusted key id still fails the signature.
    const forged = await send(port, panel, ENDPOINTS.health, {
      key: { ...stranger, keyId: panel.keys[0]?.keyId ?? "" },
    });
    expect(forged.status).toBe(401);
    expect(forged.body).toContain("bad signature");

    const body = command("swapbody-0001", { type: "container.list" });
    const swapped = await send(port, panel, ENDPOINTS.commands, {
      body,
      sendBody: JSON.stringify(command("swapbody-0001", { type: "container.destroy", ctid: 101 })),
    });
    expect(swapped.status).toBe(401);
    expect(swapped.body).toContain("body digest mismatch");

    const now = Math.floor(Date.now() / 1000);
    expect((await send(port, panel, ENDPOINTS.health, { now: now - 1000 })).body).toContain("expired");
    expect((await send(port, panel, ENDPOINTS.health, { now: now + 1000 })).body).toContain("future");
    expect((await send(port, panel, ENDPOINTS.health, { nodeId: "node-other" })).body).toContain(
      "not this node",
    );
    const moved = await send(port, panel, ENDPOINTS.health, { sendPath: ENDPOINTS.operations });
    expect(moved.status).toBe(401);
    expect(moved.body).toContain("bad signature");
    const unsigned = await raw(port, panel, "GET", ENDPOINTS.health, "", {});
    expect(unsigned.status).toBe(401);
    for (const reason of [
      "replayed nonce",
      "unknown key",
      "body digest mismatch",
      "expired",
      "created in the future",
      "not this node",
      "bad signature",
      "missing signature header",
    ]) {
      await agent.waitForLog(reason);
    }
  });

  it("trusts the second panel key too (rotation)", async () => {
    if (!agent) throw new Error("no agent");
    const r = await send(agent.port, panel, ENDPOINTS.health, { key: panel.keys[1] });
    expect(r.status).toBe(200);
  });

  it("runs a command once per id, reports progress and log, passes exit codes back", async () => {
    if (!agent) throw new Error("no agent");
    const create = command("create-401-a", {
      type: "container.create",
      ctid: 401,
      ostemplate: TEST_TEMPLATE,
      hostname: "api.test",
      ipadd: ["10.231.4.1"],
      diskspace: "64M",
      start: true,
    });
    const first = await send(agent.port, panel, ENDPOINTS.commands, { body: create });
    expect(first.status).toBe(202);
    const op = await waitOp("create-401-a");
    expect(op.status).toBe("succeeded");
    expect(op.log.map((l) => l.line)).toContain("Container private area was created");
    const logCount = op.log.length;

    const second = await send(agent.port, panel, ENDPOINTS.commands, { body: create });
    expect(second.status).toBe(200);
    const again = (second.json as OpReply).operation;
    expect(again.status).toBe("succeeded");
    expect(again.log).toHaveLength(logCount);
    expect(agent.logs().match(/"event":"operation-finished","id":"create-401-a"/g)).toHaveLength(1);

    const reuse = await send(agent.port, panel, ENDPOINTS.commands, {
      body: command("create-401-a", { type: "container.destroy", ctid: 401 }),
    });
    expect(reuse.status).toBe(409);

    const exec = await send(agent.port, panel, `${ENDPOINTS.commands}?wait=10000`, {
      body: command("exec-401-a", {
        type: "container.exec",
        ctid: 401,
        argv: ["sh", "-c", "hostname; exit 7"],
      }),
    });
    const execOp = (exec.json as OpReply).operation;
    expect(execOp.status).toBe("succeeded");
    expect(execOp.result).toMatchObject({ exitCode: 7, stdout: "api.test\n" });

    const bad = await send(agent.port, panel, ENDPOINTS.commands, {
      body: command("set-401-bad", {
        type: "container.set",
        ctid: 401,
        save: true,
        params: { hostname: "$(reboot)" },
      }),
    });
    expect(bad.status).toBe(400);
  });

  it("a nonce seen before a restart is still refused after it", async () => {
    if (!agent) throw new Error("no agent");
    const ok = await send(agent.port, panel, ENDPOINTS.health);
    expect(ok.status).toBe(200);
    agent.child.kill("SIGTERM");
    await agent.exited;
    agent = await startAgent(t);
    const replay = await raw(agent.port, panel, "GET", ENDPOINTS.health, "", ok.sentHeaders);
    expect(replay.status).toBe(401);
    expect(replay.body).toContain("replayed nonce");
  });

  it("an agent killed in the middle of a create rolls it back at restart and says so", async () => {
    if (!agent) throw new Error("no agent");
    agent.child.kill("SIGTERM");
    await agent.exited;
    agent = await startAgent(t, { BERTH_AGENT_FAULT: "create-after-extract" });
    const dying = agent;
    await send(dying.port, panel, ENDPOINTS.commands, {
      body: command("create-402-crash", {
        type: "container.create",
        ctid: 402,
        ostemplate: TEST_TEMPLATE,
        diskspace: "64M",
      }),
    }).catch(() => null);
    expect(await dying.exited).toBe("SIGKILL");
    // The kill left the half-made container mounted on its loop device.
    expect(await fs.stat(t.driver.paths.image(402)).then(() => true)).toBe(true);

    agent = await startAgent(t);
    const r = await send(agent.port, panel, ENDPOINTS.operation("create-402-crash"));
    const op = (r.json as OpReply).operation;
    expect(op.status).toBe("failed");
    expect(op.recovery).toBe("rolled-back");
    expect(op.error?.message).toContain("partial container was removed");
    expect((await t.driver.status(402)).exists).toBe(false);
    await expect(fs.stat(t.driver.paths.image(402))).rejects.toThrow();
    expect((await mountsUnder(t.dir)).filter((m) => m.endsWith("/402"))).toEqual([]);
    expect((await loopsOf(t.dir)).filter((l) => l.includes("402.img"))).toEqual([]);
    // The same command id is not run again: it stays failed.
    const again = await send(agent.port, panel, ENDPOINTS.commands, {
      body: command("create-402-crash", {
        type: "container.create",
        ctid: 402,
        ostemplate: TEST_TEMPLATE,
        diskspace: "64M",
      }),
    });
    expect((again.json as OpReply).operation.status).toBe("failed");
  });

  it("stops and destroys through commands", async () => {
    if (!agent) throw new Error("no agent");
    await send(agent.port, panel, ENDPOINTS.commands, {
      body: command("stop-401-a", { type: "container.stop", ctid: 401, fast: true }),
    });
    expect((await waitOp("stop-401-a")).status).toBe("succeeded");
    await send(agent.port, panel, ENDPOINTS.commands, {
      body: command("destroy-401-a", { type: "container.destroy", ctid: 401 }),
    });
    expect((await waitOp("destroy-401-a")).status).toBe("succeeded");
    expect(await loopsOf(t.dir)).toEqual([]);
  });
});
