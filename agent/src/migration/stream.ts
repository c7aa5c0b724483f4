import { randomBytes } from "node:crypto";
import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import { MIGRATION, MIGRATION_HEADER } from "../../protocol/migration-constants";
import { signRequest, verifyReply } from "../../protocol/signing";

// The connection from the source to the destination agent, and the rsync stream over it. No zod here:
// this module is bundled into the rsync remote shell (pipe-main.ts), which must start fast because one runs
// per rsync pass, the last one while the container is frozen.

export type StreamDestination = {
  url: string;
  nodeId: string;
  publicKey: string;
  tlsFingerprint: string | null;
};
export type StreamTicket = { id: string; secret: string };
export type SourceKey = { keyId: string; privateKeyPem: string };

export function connectDestination(dest: StreamDestination, timeoutMs: number): Promise<net.Socket> {
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

export function migrationPath(ticket: StreamTicket, step: string, query = ""): string {
  return `${MIGRATION.basePath}/${ticket.id}/${step}${query}`;
}

/** The headers of one request to the destination: the source node's signature, and the ticket. */
export function migrationHeaders(
  dest: StreamDestination,
  ticket: StreamTicket,
  key: SourceKey,
  method: string,
  path: string,
  body: string,
  nonce: string,
): Record<string, string> {
  return {
    ...signRequest({
      method,
      path,
      body,
      nodeId: dest.nodeId,
      keyId: key.keyId,
      privateKey: key.privateKeyPem,
      nonce,
      ttlSec: 120,
    }),
    [MIGRATION_HEADER.ticket]: ticket.secret,
  };
}

export function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

/** Opens the rsync stream: an HTTP Upgrade whose signed query carries rsync's server arguments. */
export async function openRsyncStream(
  dest: StreamDestination,
  ticket: StreamTicket,
  key: SourceKey,
  target: "root" | "dump",
  serverArgs: string[],
): Promise<Duplex> {
  const args = Buffer.from(JSON.stringify(serverArgs)).toString("base64url");
  const path = migrationPath(ticket, "rsync", `?target=${target}&args=${args}`);
  const nonce = randomBytes(18).toString("base64url");
  const headers = migrationHeaders(dest, ticket, key, "GET", path, "", nonce);
  const url = new URL(dest.url);
  const socket = await connectDestination(dest, 10_000);
  return new Promise((resolve, reject) => {
    const req = http.request({
      method: "GET",
      path,
      host: url.hostname,
      createConnection: () => socket,
      headers: { ...headers, host: url.host, connection: "Upgrade", upgrade: MIGRATION.upgradeProtocol },
    });
    req.on("upgrade", (res, sock, head) => {
      const ok = verifyReply({
        status: 101,
        body: "",
        headers: flatHeaders(res.headers),
        nodeId: dest.nodeId,
        requestNonce: nonce,
        agentPublicKey: dest.publicKey,
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
