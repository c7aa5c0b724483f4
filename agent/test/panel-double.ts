import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import { JOIN_PATH, type JoinRequest, joinRequestSchema } from "../protocol/join";
import { generateSigningKeyPair, type KeyPair, signRequest, verifyReply } from "../protocol/signing";
import { PROTOCOL_VERSION } from "../protocol/version";
import { BIN, type TestEnv } from "./helpers";

// A small stand-in for the panel: answers the join, holds the panel's keys, and sends signed requests.

export class PanelDouble {
  readonly keys: KeyPair[] = [generateSigningKeyPair(), generateSigningKeyPair()];
  readonly token = "join-token-0123456789abcdef";
  readonly nodeId = "node-test-1";
  joins: JoinRequest[] = [];
  private server?: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (req.method !== "POST" || req.url !== JOIN_PATH) return res.writeHead(404).end();
        const parsed = joinRequestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        if (!parsed.success || parsed.data.token !== this.token || this.joins.length > 0)
          return res.writeHead(403).end("bad or used token");
        this.joins.push(parsed.data);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            protocolVersion: PROTOCOL_VERSION,
            nodeId: this.nodeId,
            panelKeys: this.keys.map((k) => ({ keyId: k.keyId, publicKey: k.publicKey })),
          }),
        );
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as { port: number }).port;
  }

  stop(): void {
    this.server?.close();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

export type AgentReply = {
  status: number;
  body: string;
  json: unknown;
  headers: http.IncomingHttpHeaders;
  signatureValid: boolean;
};

export type SendOptions = {
  method?: string;
  body?: unknown;
  key?: KeyPair;
  nodeId?: string;
  now?: number;
  /** Send different bytes than those signed. */
  sendBody?: string;
  /** Send to a different path than the one signed. */
  sendPath?: string;
  headers?: Record<string, string>;
};

export function send(
  agentPort: number,
  panel: PanelDouble,
  path: string,
  o: SendOptions = {},
): Promise<AgentReply & { sentHeaders: Record<string, string> }> {
  const method = o.method ?? (o.body !== undefined ? "POST" : "GET");
  const body = o.body !== undefined ? JSON.stringify(o.body) : "";
  const key = o.key ?? (panel.keys[0] as KeyPair);
  const headers =
    o.headers ??
    signRequest({
      method,
      path,
      body,
      nodeId: o.nodeId ?? panel.nodeId,
      keyId: key.keyId,
      privateKey: key.privateKeyPem,
      now: o.now,
    });
  return raw(agentPort, panel, method, o.sendPath ?? path, o.sendBody ?? body, headers);
}

export function raw(
  agentPort: number,
  panel: PanelDouble,
  method: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<AgentReply & { sentHeaders: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: agentPort,
        method,
        path,
        headers: { ...headers, "content-type": "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const agentKey = panel.joins[0]?.nodePublicKey ?? "";
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            json: text ? JSON.parse(text) : null,
            headers: res.headers,
            signatureValid: verifyReply({
              status: res.statusCode ?? 0,
              body: text,
              headers: res.headers,
              nodeId: panel.nodeId,
              requestNonce: headers["berth-nonce"] ?? "",
              agentPublicKey: agentKey,
            }),
            sentHeaders: headers,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export type AgentProcess = {
  child: ChildProcess;
  port: number;
  logs: () => string;
  /** Resolves once the agent's log contains `text`: its stderr reaches the test after its sockets answer. */
  waitForLog: (text: string, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | string>;
};

/** Starts `berth-agent serve` on a loopback port and waits for its "listening" line. */
export function startAgent(
  t: TestEnv,
  extraEnv: Record<string, string> = {},
  opts: { tls?: boolean; port?: number } = {},
): Promise<AgentProcess> {
  return new Promise((resolve, reject) => {
    const args = [
      "serve",
      "--listen",
      `127.0.0.1:${opts.port ?? 0}`,
      ...(opts.tls ? [] : ["--insecure-http"]),
    ];
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...t.env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    const waitForLog = async (text: string, timeoutMs = 5000): Promise<void> => {
      const until = Date.now() + timeoutMs;
      while (!log.includes(text)) {
        if (Date.now() > until) throw new Error(`the agent never logged ${text}; its log:\n${log}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const exited = new Promise<number | string>((r) =>
      child.on("exit", (code, sig) => r(code ?? sig ?? "unknown")),
    );
    child.stderr.on("data", (d: Buffer) => {
      log += d.toString();
      const m = /"event":"listening","url":"https?:\/\/127\.0\.0\.1:(\d+)"/.exec(log);
      if (m?.[1]) resolve({ child, port: Number(m[1]), logs: () => log, waitForLog, exited });
    });
    exited.then((c) => reject(new Error(`agent exited (${c}) before listening: ${log}`)));
  });
}
