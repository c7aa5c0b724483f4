import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import { JOIN_PATH, type JoinRequest, joinResponseSchema } from "../../protocol/join";
import { PROTOCOL_VERSION } from "../../protocol/version";
import { reportError } from "../cli/vzctl";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { AgentIdentity } from "./identity";
import { isLoopback } from "./serve";

// `berth-agent join <panel-url> <token> [--agent-url URL] [--panel-ca FILE]`: registers this node's key and
// TLS fingerprint with the panel, and pins the panel's key(s) returned. Plain http is accepted only for a
// panel on loopback (tests, a panel on the same host).

function postJson(url: URL, body: string, ca?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        ...(ca ? { ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export async function joinMain(driver: LxcDriver, argv: string[]): Promise<number> {
  try {
    const [panelUrl, token, ...rest] = argv;
    if (!panelUrl || !token)
      throw new AgentError(
        "BAD_REQUEST",
        "Usage: berth-agent join <panel-url> <one-time-token> [--agent-url URL] [--panel-ca FILE]",
      );
    const opt = (k: string) => {
      const i = rest.indexOf(`--${k}`);
      return i === -1 ? undefined : rest[i + 1];
    };
    const base = new URL(panelUrl);
    if (base.protocol === "http:" && !isLoopback(base.hostname))
      throw new AgentError(
        "BAD_REQUEST",
        "join: the panel URL must be https (http only for a panel on loopback)",
      );
    if (base.protocol !== "http:" && base.protocol !== "https:")
      throw new AgentError("BAD_REQUEST", "join: the panel URL must be https");
    await driver.init();
    const identity = new AgentIdentity(driver.paths);
    const key = await identity.signingKey();
    const tls = await identity.tls();
    const agentUrl = opt("agent-url") ?? `https://${os.hostname()}:7443`;
    const req: JoinRequest = {
      protocolVersion: PROTOCOL_VERSION,
      token,
      nodePublicKey: key.publicKey,
      nodeKeyId: key.keyId,
      hostname: os.hostname(),
      agentUrl,
      tlsFingerprint: tls.fingerprint,
    };
    const ca = opt("panel-ca") ? readFileSync(opt("panel-ca") as string, "utf8") : undefined;
    const res = await postJson(new URL(JOIN_PATH, base), JSON.stringify(req), ca);
    if (res.status !== 200)
      throw new AgentError(
        "SYSTEM_ERROR",
        `join refused by the panel (HTTP ${res.status}): ${res.text.slice(0, 300)}`,
      );
    const parsed = joinResponseSchema.safeParse(JSON.parse(res.text));
    if (!parsed.success)
      throw new AgentError("SYSTEM_ERROR", "join: the panel's answer is not a valid join response");
    await identity.save({
      nodeId: parsed.data.nodeId,
      panelUrl: base.origin,
      panelKeys: parsed.data.panelKeys,
    });
    process.stdout.write(
      `Joined ${base.origin} as node ${parsed.data.nodeId}; agent key ${key.keyId}; TLS fingerprint ${tls.fingerprint}\n`,
    );
    return 0;
  } catch (err) {
    return reportError(err);
  }
}
