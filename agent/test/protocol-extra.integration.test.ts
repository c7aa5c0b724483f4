import https from "node:https";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "../protocol/index";
import { generateSigningKeyPair, signRequest } from "../protocol/signing";
import {
  cleanupTestEnv,
  cli,
  loopsOf,
  makeTestEnv,
  mountsUnder,
  TEST_TEMPLATE,
  type TestEnv,
} from "./helpers";
import { type AgentProcess, PanelDouble, send, startAgent } from "./panel-double";

let t: TestEnv;
let panel: PanelDouble;
let agent: AgentProcess | undefined;

beforeAll(async () => {
  t = await makeTestEnv();
  panel = new PanelDouble();
  await panel.start();
  const joined = await cli(t, ["join", panel.url, panel.token, "--agent-url", "https://127.0.0.1:7443"]);
  if (joined.code !== 0) throw new Error(joined.stderr);
});

afterAll(async () => {
  agent?.child.kill("SIGKILL");
  panel.stop();
  await cleanupTestEnv(t);
});

describe("TLS, key rotation, interrupted CLI create", () => {
  it("serves HTTPS with the certificate whose fingerprint it registered at join", async () => {
    const tlsAgent = await startAgent(t, {}, { tls: true });
    try {
      const key = panel.keys[0];
      if (!key) throw new Error("no key");
      const headers = signRequest({
        method: "GET",
        path: ENDPOINTS.health,
        body: "",
        nodeId: panel.nodeId,
        keyId: key.keyId,
        privateKey: key.privateKeyPem,
      });
      const res = await new Promise<{ status: number; fingerprint: string }>((resolve, reject) => {
        // The panel pins the fingerprint it was given at join instead of trusting a CA.
        const req = https.request(
          {
            host: "127.0.0.1",
            port: tlsAgent.port,
            path: ENDPOINTS.health,
            headers,
            rejectUnauthorized: false,
          },
          (r) => {
            const fingerprint = (r.socket as TLSSocket).getPeerCertificate().fingerprint256;
            r.resume();
            r.on("end", () => resolve({ status: r.statusCode ?? 0, fingerprint }));
          },
        );
        req.on("error", reject);
        req.end();
      });
      expect(res.fingerprint).toBe(panel.joins[0]?.tlsFingerprint);
      expect(res.status).toBe(200);
    } finally {
      tlsAgent.child.kill("SIGTERM");
      await tlsAgent.exited;
    }
  });

  it("rotates panel keys only on a request signed by a trusted key", async () => {
    agent = await startAgent(t);
    const third = generateSigningKeyPair();
    const keys = [panel.keys[1], third].map((k) => ({
      keyId: k?.keyId ?? "",
      publicKey: k?.publicKey ?? "",
    }));
    const byStranger = await send(agent.port, panel, ENDPOINTS.panelKeys, {
      method: "PUT",
      body: { keys },
      key: third,
    });
    expect(byStranger.status).toBe(401);
    const r = await send(agent.port, panel, ENDPOINTS.panelKeys, { method: "PUT", body: { keys } });
    expect(r.status).toBe(200);
    expect((await send(agent.port, panel, ENDPOINTS.health)).body).toContain("unknown key");
    expect((await send(agent.port, panel, ENDPOINTS.health, { key: third })).status).toBe(200);
    expect((await send(agent.port, panel, ENDPOINTS.health, { key: panel.keys[1] })).status).toBe(200);
    // The rotation is persisted: still in force after a restart.
    agent.child.kill("SIGTERM");
    await agent.exited;
    agent = await startAgent(t);
    expect((await send(agent.port, panel, ENDPOINTS.health)).body).toContain("unknown key");
    expect((await send(agent.port, panel, ENDPOINTS.health, { key: third })).status).toBe(200);
  });

  it("a vzctl create killed half-way is rolled back by the next create of that CTID", async () => {
    const killed = await cli({ ...t, env: { ...t.env, BERTH_AGENT_FAULT: "create-after-extract" } }, [
      "vzctl",
      "create",
      "403",
      "--ostemplate",
      TEST_TEMPLATE,
      "--diskspace",
      "64M",
    ]);
    expect(killed.code).not.toBe(0);
    expect((await mountsUnder(t.dir)).filter((m) => m.endsWith("/403"))).toHaveLength(1);
    const again = await cli(t, [
      "vzctl",
      "create",
      "403",
      "--ostemplate",
      TEST_TEMPLATE,
      "--diskspace",
      "64M",
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Rolling back an interrupted create of container 403");
    expect((await mountsUnder(t.dir)).filter((m) => m.endsWith("/403"))).toEqual([]);
    expect((await loopsOf(t.dir)).filter((l) => l.includes("403.img"))).toEqual([]);
    expect((await cli(t, ["vzctl", "destroy", "403"])).code).toBe(0);
  });
});
