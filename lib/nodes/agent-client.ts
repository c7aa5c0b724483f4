import "server-only";
import { randomBytes } from "node:crypto";
import http from "node:http";
import net from "node:net";
import tls from "node:tls";
import type { z } from "zod";
import { errorReplySchema, signRequest, verifyReply } from "@/agent/protocol";
import { AppError } from "../errors/app-error";
import { getPanelSigningKey } from "./panel-keys";

/** What the panel needs to talk to a node's agent; all pinned at join. */
export type AgentEndpoint = {
  id: string;
  name: string;
  agentUrl: string;
  publicKey: string | null;
  tlsFingerprint: string | null;
};

export type AgentRequest<S extends z.ZodType> = {
  method: "GET" | "POST" | "PUT";
  /** Path and query, e.g. "/v1/operations/abc?wait=5000&after=3". */
  path: string;
  body?: unknown;
  schema: S;
  timeoutMs?: number;
};

type RawReply = { status: number; headers: http.IncomingHttpHeaders; body: string };

const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/**
 * Opens the connection to the agent. For https the agent's self-signed certificate is accepted only if its
 * SHA-256 fingerprint is the one pinned at join, and that is checked before a byte of the request is sent.
 */
/** A connection to the node's agent, its certificate checked against the pin (for the console socket too). */
export function connectToAgent(node: AgentEndpoint, timeoutMs = 10_000): Promise<net.Socket> {
  return connect(new URL(node.agentUrl), node.tlsFingerprint, timeoutMs);
}

function connect(url: URL, fingerprint: string | null, timeoutMs: number): Promise<net.Socket> {
  if (url.protocol === "http:") {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: url.hostname, port: Number(url.port || 80) });
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error("connect timed out")));
      socket.once("connect", () => {
        socket.setTimeout(0); // the connect deadline only: a console socket may stay quiet for long
        resolve(socket);
      });
      socket.once("error", reject);
    });
  }
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname,
      // The chain is self-signed by design; trust comes from the pinned fingerprint below instead.
      rejectUnauthorized: false,
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error("connect timed out")));
    socket.once("secureConnect", () => {
      const seen = socket.getPeerCertificate().fingerprint256;
      if (!fingerprint || seen !== fingerprint) {
        socket.destroy();
        reject(new Error(`TLS certificate fingerprint ${seen} is not the one pinned at join`));
        return;
      }
      socket.setTimeout(0);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

async function send(
  node: AgentEndpoint,
  method: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<RawReply> {
  const base = new URL(node.agentUrl);
  const socket = await connect(base, node.tlsFingerprint, timeoutMs);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method,
        path,
        host: base.hostname,
        createConnection: () => socket,
        headers: {
          ...headers,
          host: base.host,
          ...(body !== undefined
            ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }
            : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_REPLY_BYTES) req.destroy(new Error("agent reply too large"));
          else chunks.push(c);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Sends one signed request to a node's agent and returns the reply parsed by `schema`. The reply must be
 * signed by the node's pinned key over this request's nonce. Network failures become UNAVAILABLE errors
 * naming the node; the agent's own refusals keep its message.
 */
export async function callAgent<S extends z.ZodType>(
  node: AgentEndpoint,
  request: AgentRequest<S>,
): Promise<z.infer<S>> {
  if (!node.publicKey || !node.agentUrl) {
    throw new AppError(
      "UNAVAILABLE",
      `Node ${node.name} has not joined yet: run its join command on the host.`,
    );
  }
  const key = await getPanelSigningKey();
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const nonce = randomBytes(18).toString("base64url");
  const timeoutMs = request.timeoutMs ?? 15_000;
  const headers = signRequest({
    method: request.method,
    path: request.path,
    body,
    nodeId: node.id,
    keyId: key.keyId,
    privateKey: key.privateKey,
    nonce,
    ttlSec: Math.max(60, Math.ceil(timeoutMs / 1000) + 30),
  });

  let reply: RawReply;
  try {
    reply = await send(node, request.method, request.path, body, headers, timeoutMs);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError(
      "UNAVAILABLE",
      `Node ${node.name} is offline: its agent at ${node.agentUrl} did not answer (${reason}).`,
      {
        reason: "node-offline",
      },
    );
  }
  const flat = Object.fromEntries(
    Object.entries(reply.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  if (
    !verifyReply({
      status: reply.status,
      body: reply.body,
      headers: flat,
      nodeId: node.id,
      requestNonce: nonce,
      agentPublicKey: node.publicKey,
    })
  ) {
    throw new AppError(
      "UNAVAILABLE",
      `Node ${node.name} answered without a valid signature; its agent key may have changed. Re-enrol the node.`,
      {
        reason: "bad-reply-signature",
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(reply.body);
  } catch {
    throw new AppError("UNAVAILABLE", `Node ${node.name} sent a reply that is not JSON.`);
  }
  if (reply.status >= 400) {
    const err = errorReplySchema.safeParse(json);
    const message = err.success ? err.data.error.message : `HTTP ${reply.status}`;
    const code = err.success ? err.data.error.code : "AGENT_ERROR";
    throw new AppError(reply.status === 404 ? "NOT_FOUND" : "UNAVAILABLE", `Node ${node.name}: ${message}`, {
      reason: code,
    });
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      "UNAVAILABLE",
      `Node ${node.name} sent a reply this panel does not understand; check the agent version.`,
    );
  }
  return parsed.data;
}
