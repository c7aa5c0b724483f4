import { randomBytes } from "node:crypto";
import http from "node:http";
import type net from "node:net";
import type { Duplex } from "node:stream";
import type { z } from "zod";
import { errorReplySchema } from "../../protocol/commands";
import type { MigrationDestination, MigrationTicket } from "../../protocol/migration";
import { verifyReply } from "../../protocol/signing";
import { AgentError } from "../errors";
import {
  connectDestination,
  flatHeaders,
  migrationHeaders,
  migrationPath,
  openRsyncStream,
  type SourceKey,
} from "./stream";

// How the source reaches the destination. The choice, argued:
//
// vzmigrate(8) runs rsync over ssh with root keys between nodes. That is standing trust (any node can write
// anywhere on any other, forever), an sshd to run and harden on every node, and keys to distribute. Berth
// already has an authenticated channel into every node: the agent's HTTPS server, whose certificate the
// panel pinned at join. So the copy is rsync (its delta algorithm, hard links, ACLs, xattrs, sparse files:
// nothing to reinvent) with our own remote shell: rsync's `-e` runs our small relay (pipe.ts), which opens
// an HTTP Upgrade on the destination agent (TLS, pinned fingerprint) and relays bytes. The destination
// runs `rsync --server` itself, with arguments checked against an allowlist (rsync-args.ts), in the
// directory of the one container the ticket names. Authority comes from the panel, per migration: a
// ticket (random secret) the destination issued for that CTID and that source node, plus the source
// node's own signature on every request. Nothing is left behind that would let the source write to the
// destination again once the migration is over. No sshd, no shell, no user text on any command line.

/** The source's side of one migration: signed, ticket-carrying requests to the destination agent. */
export class DestinationClient {
  constructor(
    readonly dest: MigrationDestination,
    readonly ticket: Pick<MigrationTicket, "id" | "secret">,
    private readonly key: SourceKey,
  ) {}

  /** POSTs one step; the reply must be signed by the destination's key over this request's nonce. */
  async call<S extends z.ZodType>(
    step: string,
    body: unknown,
    schema: S,
    timeoutMs = 60_000,
  ): Promise<z.infer<S>> {
    const text = JSON.stringify(body ?? {});
    const path = migrationPath(this.ticket, step);
    const nonce = randomBytes(18).toString("base64url");
    const headers = migrationHeaders(this.dest, this.ticket, this.key, "POST", path, text, nonce);
    const url = new URL(this.dest.url);
    let socket: net.Socket;
    try {
      socket = await connectDestination(this.dest, 10_000);
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
    const flat = flatHeaders(reply.headers);
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

  openStream(target: "root" | "dump", serverArgs: string[]): Promise<Duplex> {
    return openRsyncStream(this.dest, this.ticket, this.key, target, serverArgs);
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
