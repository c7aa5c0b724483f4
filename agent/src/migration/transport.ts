import { randomBytes } from "node:crypto";
import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import type { z } from "zod";
import { errorReplySchema } from "../../protocol/commands";
import {
  MIGRATION,
  MIGRATION_HEADER,
  type MigrationDestination,
  type MigrationTicket,
} from "../../protocol/migration";
import { signRequest, verifyReply } from "../../protocol/signing";
import { AgentError } from "../errors";

// How the source reaches the destination. The choice, argued:
//
// vzmigrate(8) runs rsync over ssh with root keys between nodes. That is standing trust (any node can write
// anywhere on any other, forever), an sshd to run and harden on every node, and keys to distribute. Berth
// already has an authenticated channel into every node: the agent's HTTPS server, whose certificate the
// panel pinned at join. So the copy is rsync (its delta algorithm, hard links, ACLs, xattrs, sparse files:
// nothing to reinvent) with our own remote shell: rsync's `-e` runs `berth-agent migrate-pipe`, which opens
// an HTTP Upgrade on the destination agent (TLS, pinned fingerprint) and relays bytes. The destination
// runs `rsync --server` itself, with arguments checked against an allowlist (rsync-args.ts), in the
// directory of the one container the ticket names. Authority comes from the panel, per migration: a
// ticket (random secret) the destination issued for that CTID and that source node, plus the source
// node's own signature on every request. Nothing is left behind that would let the source write to the
// destination again once the migration is over. No sshd, no shell, no user text on any command line.

export type SourceKey = { keyId: string; privateKeyPem: string };

function connect(dest: MigrationDestination, timeoutMs: number): Promise<net.Socket> {
  const url = new URL(dest.url);
  if (url.protocol === "http:") {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: url.hostname, port: Number(url.port || 80) });
      s.setTimeout(timeoutMs, () => s.destroy(new Error("connect timed out")));
      s.once("connect", () => {
        s.setTimeout(0);
        resolve(s);
      });
      s.once("error", reject);
    });
  }
  return new Promise((resolve, reject) => {
    const s = tls.connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname,
      // Self-signed by design: trust is the fingerprint the panel pinned at join, checked below.
      rejectUnauthorized: false,
    });
    s.setTimeout(timeoutMs, () => s.destroy(new Error("connect timed out")));
    s.once("secureConnect", () => {
      const seen = s.getPeerCertificate().fingerprint256;
      if (!dest.tlsFingerprint || seen !== dest.tlsFingerprint) {
        s.destroy();
        reject(new Error(`the destination's TLS certificate (${seen}) is not the pinned one`));
        return;
      }
      s.setTimeout(0);
      resolve(s);
    });
    s.once("error", reject);
  });
}

/** The source's side of one migration: signed, ticket-carrying requests to the destination agent. */
export class DestinationClient {
  constructor(
    readonly dest: MigrationDestination,
    readonly ticket: Pick<MigrationTicket, "id" | "secret">,
    private readonly key: SourceKey,
  ) {}

  path(step: string, query = ""): string {
    return `${MIGRATION.basePath}/${this.ticket.id}/${step}${query}`;
  }

  private headers(method: string, path: string, body: string, nonce: string): Record<string, string> {
    return {
      ...signRequest({
        method,
        path,
        body,
        nodeId: this.dest.nodeId,
        keyId: this.key.keyId,
        privateKey: this.key.privateKeyPem,
        nonce,
        ttlSec: 120,
      }),
      [MIGRATION_HEADER.ticket]: this.ticket.secret,
    };
  }

  /** POSTs one step; the reply must be signed by the destination's key over this request's nonce. */
  async call<S extends z.ZodType>(
    step: string,
    body: unknown,
    schema: S,
    timeoutMs = 60_000,
  ): Promise<z.infer<S>> {
    const text = JSON.stringify(body ?? {});
    const path = this.path(step);
    const nonce = randomBytes(18).toString("base64url");
    const headers = this.headers("POST", path, text, nonce);
    const url = new URL(this.dest.url);
    let socket: net.Socket;
    try {
      socket = await connect(this.dest, 10_000);
    } catch (err) {
      throw new AgentError(
        "SYSTEM_ERROR",
        `Destination ${this.dest.url} unreachable: ${(err as Error).message}`,
      );
    }
    const reply = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        const req = http.request(
          {
            method: "POST",
            path,
            host: url.hostname,
            createConnection: () => socket,
            headers: {
              ...headers,
              host: url.host,
              "content-type": "application/json",
              "content-length": String(Buffer.byteLength(text)),
            },
            timeout: timeoutMs,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString(),
              }),
            );
            res.on("error", reject);
          },
        );
        req.on("timeout", () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
        req.on("error", reject);
        req.end(text);
      },
    ).catch((err: Error) => {
      throw new AgentError("SYSTEM_ERROR", `Destination ${this.dest.url} (${step}): ${err.message}`);
    });
    const flat = Object.fromEntries(
      Object.entries(reply.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
    );
    const signed = verifyReply({
      status: reply.status,
      body: reply.body,
      headers: flat,
      nodeId: this.dest.nodeId,
      requestNonce: nonce,
      agentPublicKey: this.dest.publicKey,
    });
    if (!signed)
      throw new AgentError(
        "SYSTEM_ERROR",
        `Destination ${this.dest.url} answered without a valid signature (${step})`,
      );
    let json: unknown;
    try {
      json = JSON.parse(reply.body);
    } catch {
      throw new AgentError("SYSTEM_ERROR", `Destination sent a reply that is not JSON (${step})`);
    }
    if (reply.status >= 400) {
      const e = errorReplySchema.safeParse(json);
      throw new MigrationRefused(
        e.success ? e.data.error.code : "SYSTEM_ERROR",
        e.success ? e.data.error.message : `HTTP ${reply.status}`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new AgentError("SYSTEM_ERROR", `Destination reply not understood (${step})`);
    return parsed.data;
  }

  /** Opens the rsync stream: an HTTP Upgrade whose signed query carries rsync's server arguments. */
  async openStream(target: "root" | "dump", serverArgs: string[]): Promise<Duplex> {
    const args = Buffer.from(JSON.stringify(serverArgs)).toString("base64url");
    const path = this.path("rsync", `?target=${target}&args=${args}`);
    const nonce = randomBytes(18).toString("base64url");
    const headers = this.headers("GET", path, "", nonce);
    const url = new URL(this.dest.url);
    const socket = await connect(this.dest, 10_000);
    return new Promise((resolve, reject) => {
      const req = http.request({
        method: "GET",
        path,
        host: url.hostname,
        createConnection: () => socket,
        headers: { ...headers, host: url.host, connection: "Upgrade", upgrade: MIGRATION.upgradeProtocol },
      });
      req.on("upgrade", (res, sock, head) => {
        const flat = Object.fromEntries(
          Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
        );
        const ok = verifyReply({
          status: 101,
          body: "",
          headers: flat,
          nodeId: this.dest.nodeId,
          requestNonce: nonce,
          agentPublicKey: this.dest.publicKey,
        });
        if (!ok) {
          sock.destroy();
          reject(new Error("the destination's stream reply is not signed by its key"));
          return;
        }
        if (head.length) sock.unshift(head);
        resolve(sock);
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          reject(
            new Error(
              `stream refused: HTTP ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`,
            ),
          ),
        );
      });
      req.on("error", reject);
      req.end();
    });
  }
}

/** The destination refused a step, with its code and message (shown as they are). */
export class MigrationRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
