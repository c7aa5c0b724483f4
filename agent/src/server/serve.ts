import fs from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { commandEnvelopeSchema, type Health, panelKeysUpdateSchema } from "../../protocol/commands";
import { type ConsoleTicketReply, consolePath, consoleTicketRequestSchema } from "../../protocol/console";
import { ENDPOINTS } from "../../protocol/index";
import { HEADER, MAX_SKEW_SEC, MAX_TTL_SEC, signReply, verifyRequest } from "../../protocol/signing";
import { PROTOCOL_VERSION } from "../../protocol/version";
import { streamBackup } from "../backups/run-backup-command";
import { beancountersJson, readAllBeancounters } from "../beancounters/beancounters";
import { RESOURCE_KEYS } from "../config/container-config";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { recoverOutgoingMigrations } from "../migration/migrate";
import { MigrationReceiver } from "../migration/receiver";
import { run } from "../run";
import { attachConsoleServer, parseIdleSec } from "./console-server";
import { ConsoleTicketStore } from "./console-tickets";
import { AgentIdentity } from "./identity";
import { NonceStore } from "./nonce-store";
import { Operations } from "./operations";

// `berth-agent serve`: the signed command API. Every request, GETs included, must carry a valid signature
// by a trusted panel key for this node; refusals are logged with their reason. Every reply is signed.

export const AGENT_VERSION = "0.1.0";
const MAX_BODY = 2 * 1024 * 1024;

function logLine(rec: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...rec })}\n`);
}

export function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost" || /^127\./.test(host);
}

export type ServeOptions = { host: string; port: number; insecureHttp: boolean };

export function parseServeArgs(argv: string[]): ServeOptions {
  let listen = "0.0.0.0:7443";
  let insecureHttp = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--listen") listen = argv[++i] ?? listen;
    else if (argv[i] === "--insecure-http") insecureHttp = true;
    else throw new AgentError("BAD_REQUEST", `serve: unknown option ${argv[i]}`);
  }
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(listen);
  if (!m?.[1] || !m[2]) throw new AgentError("BAD_REQUEST", `serve: --listen HOST:PORT, got ${listen}`);
  const host = m[1];
  if (insecureHttp && !isLoopback(host))
    throw new AgentError("BAD_REQUEST", "serve: plain HTTP is only allowed on a loopback address");
  return { host, port: Number(m[2]), insecureHttp };
}

export async function startServer(
  driver: LxcDriver,
  opts: ServeOptions,
): Promise<{ server: http.Server | https.Server; close: () => Promise<void>; port: number }> {
  await driver.init();
  const consoleIdleSec = parseIdleSec(process.env.BERTH_CONSOLE_IDLE_SEC);
  const identity = new AgentIdentity(driver.paths);
  const id = await identity.load();
  if (!id)
    throw new AgentError(
      "NOCONFIG",
      "This node has not joined a panel yet: run `berth-agent join <panel-url> <token>`",
    );
  let trusted = id.panelKeys;
  const agentKey = await identity.signingKey();
  const nonces = new NonceStore(path.join(identity.dir, "nonces.log"), MAX_TTL_SEC + MAX_SKEW_SEC);
  const ops = new Operations(path.join(identity.dir, "operations"), driver, logLine);
  await ops.load();
  await ops.recover();
  // Incoming migrations (this node as destination): tickets, steps and the rsync stream; see agent/src/migration.
  const migrations = new MigrationReceiver({
    driver,
    nodeId: id.nodeId,
    agentKey,
    claimNonce: (n, e) => nonces.claim(n, e),
    log: logLine,
    agentVersion: AGENT_VERSION,
  });
  await migrations.recover();
  await recoverOutgoingMigrations(driver, (l) => logLine({ event: "recovery", message: l }));
  // In memory only: tickets issued before this process started are worth nothing.
  const tickets = new ConsoleTicketStore();
  const checkpoint = await driver.criuCheck();
  const lxcVersion = (
    await run("lxc-start", ["--version"]).catch(() => ({ stdout: "unknown" }))
  ).stdout.trim();

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(c as Buffer);
    }
    const body = Buffer.concat(chunks);
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const nonceHeader = req.headers[HEADER.nonce];
    const requestNonce = typeof nonceHeader === "string" ? nonceHeader : "";
    // Source-to-destination migration steps carry the source node's signature and the ticket, not the panel's.
    if (migrations.owns(new URL(url, "http://agent").pathname)) return migrations.handleStep(req, res, body);
    const reply = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      const headers = signReply({
        status,
        body: text,
        nodeId: id.nodeId,
        requestNonce,
        keyId: agentKey.keyId,
        privateKey: agentKey.privateKeyPem,
      });
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(text);
    };
    const v = verifyRequest({
      method,
      path: url,
      body,
      headers: req.headers,
      nodeId: id.nodeId,
      trustedKeys: trusted,
    });
    if (!v.ok) {
      logLine({
        event: "request-refused",
        reason: v.reason,
        method,
        path: url,
        remote: req.socket.remoteAddress,
      });
      return reply(401, { error: { code: "UNAUTHORIZED", message: `request refused: ${v.reason}` } });
    }
    if (!nonces.claim(v.fields.nonce, v.fields.expires)) {
      logLine({
        event: "request-refused",
        reason: "replayed nonce",
        method,
        path: url,
        remote: req.socket.remoteAddress,
      });
      return reply(401, { error: { code: "UNAUTHORIZED", message: "request refused: replayed nonce" } });
    }
    try {
      const u = new URL(url, "http://agent");
      if (method === "GET" && u.pathname === ENDPOINTS.health) return reply(200, await health());
      if (method === "GET" && u.pathname === ENDPOINTS.beancounters) {
        // A read, not a command: polled by the panel's pages and graphs, so it must leave no journal entry.
        const ctids = u.searchParams.getAll("ctid").map(Number);
        if (ctids.some((c) => !Number.isInteger(c) || c < 100 || c > 999_999_999))
          return reply(400, { error: { code: "BAD_REQUEST", message: "ctid must be a container id" } });
        return reply(
          200,
          beancountersJson(await readAllBeancounters(driver, ctids.length ? ctids : undefined)),
        );
      }
      if (method === "POST" && u.pathname === ENDPOINTS.commands) {
        const env = readJsonBody(body, commandEnvelopeSchema);
        if ("error" in env) return reply(400, { error: { code: "BAD_REQUEST", message: env.error } });
        const { op, isNew } = await ops.submit(env.data);
        const wait = Math.min(Number(u.searchParams.get("wait") ?? "0") || 0, 60_000);
        if (isNew) await ops.wait(op.id, wait);
        logLine({ event: "command", id: op.id, type: op.type, new: isNew, keyId: v.fields.keyId });
        return reply(isNew ? 202 : 200, { protocolVersion: PROTOCOL_VERSION, operation: ops.get(op.id) });
      }
      if (method === "GET" && u.pathname === ENDPOINTS.operations)
        return reply(200, { operations: ops.list().map((o) => ({ ...o, log: [] })) });
      const opMatch = /^\/v1\/operations\/([A-Za-z0-9_-]{8,64})$/.exec(u.pathname);
      if (method === "GET" && opMatch?.[1]) {
        const wait = Math.min(Number(u.searchParams.get("wait") ?? "0") || 0, 60_000);
        await ops.wait(opMatch[1], wait);
        const op = ops.get(opMatch[1]);
        if (!op) return reply(404, { error: { code: "NOT_FOUND", message: "no such operation" } });
        const after = Number(u.searchParams.get("after") ?? "0") || 0;
        return reply(200, {
          protocolVersion: PROTOCOL_VERSION,
          operation: { ...op, log: op.log.filter((l) => l.n > after) },
        });
      }
      if (method === "POST" && u.pathname === ENDPOINTS.migrationTickets) {
        // The receiver checks the request's fields itself (its errors name the pre-check that failed).
        const want = readJsonBody(body, z.unknown());
        if ("error" in want) return reply(400, { error: { code: "BAD_REQUEST", message: want.error } });
        return reply(200, await migrations.issueTicket(want.data));
      }
      if (method === "PUT" && u.pathname === ENDPOINTS.panelKeys) {
        const keys = readJsonBody(body, panelKeysUpdateSchema);
        if ("error" in keys)
          return reply(400, {
            error: { code: "BAD_REQUEST", message: `expected {keys: [1-2 keys]}: ${keys.error}` },
          });
        // Only a request signed by a currently trusted panel key gets here, so only the panel rotates its keys.
        trusted = (await identity.setPanelKeys(keys.data.keys)).panelKeys;
        logLine({ event: "panel-keys-updated", keyIds: trusted.map((k) => k.keyId) });
        return reply(200, { keyIds: trusted.map((k) => k.keyId) });
      }
      if (method === "POST" && u.pathname === ENDPOINTS.consoleTickets) {
        const want = readJsonBody(body, consoleTicketRequestSchema);
        if ("error" in want) return reply(400, { error: { code: "BAD_REQUEST", message: want.error } });
        const { ctid } = want.data;
        if (!(await driver.readConfig(ctid)))
          return reply(404, { error: { code: "NOT_FOUND", message: `Container ${ctid} does not exist` } });
        if (!(await driver.isRunning(ctid)))
          return reply(409, { error: { code: "VE_NOT_RUNNING", message: "Container is not running" } });
        const issued = tickets.issue(want.data);
        if (!issued)
          return reply(429, {
            error: {
              code: "TOO_MANY_TICKETS",
              message: "Too many console tickets are open; try again shortly",
            },
          });
        logLine({ event: "console-ticket", ctid, keyId: v.fields.keyId });
        const out: ConsoleTicketReply = {
          ticket: issued.ticket,
          expiresAt: new Date(issued.expiresAtMs).toISOString(),
          path: consolePath(issued.ticket),
        };
        return reply(200, out);
      }
      const backupMatch = /^\/v1\/backups\/([^/]{1,128})$/.exec(u.pathname);
      if (method === "GET" && backupMatch?.[1]) {
        const sign = (status: number, text: string) =>
          signReply({
            status,
            body: text,
            nodeId: id.nodeId,
            requestNonce,
            keyId: agentKey.keyId,
            privateKey: agentKey.privateKeyPem,
          });
        if (await streamBackup(driver, backupMatch[1], res, sign)) return;
        return reply(404, { error: { code: "NOT_FOUND", message: "no such backup" } });
      }
      return reply(404, { error: { code: "NOT_FOUND", message: "no such endpoint" } });
    } catch (err) {
      logLine({ event: "request-error", path: url, error: (err as Error).message });
      const e = err instanceof AgentError ? err : null;
      return reply(e ? 409 : 500, {
        error: { code: e?.code ?? "SYSTEM_ERROR", message: e?.message ?? "internal error" },
      });
    }
  };

  const health = async (): Promise<Health> => {
    const st = await fs.statfs(driver.paths.root);
    const list = await driver.list();
    return {
      protocolVersion: PROTOCOL_VERSION,
      nodeId: id.nodeId,
      agentVersion: AGENT_VERSION,
      host: {
        hostname: os.hostname(),
        kernel: os.release(),
        cpus: os.availableParallelism(),
        memoryBytes: os.totalmem(),
        diskTotalBytes: st.blocks * st.bsize,
        diskFreeBytes: st.bavail * st.bsize,
        lxcVersion,
        cgroupVersion: driver.cgroups.version,
        checkpoint: { supported: checkpoint === null, reason: checkpoint },
      },
      containers: list.map((s) => ({
        ctid: s.ctid,
        status: s.running ? "running" : s.mounted ? "mounted" : "stopped",
        name: s.name,
        hostname: s.hostname,
        ips: s.ips,
        ostemplate: s.ostemplate,
        onboot: s.onboot,
        limits: Object.fromEntries(
          RESOURCE_KEYS.filter((k) => s.config[k] !== undefined).map((k) => [k, s.config[k] as string]),
        ),
      })),
      templates: (await driver.templates.list()).map((t) => ({
        name: t.name,
        sha256: t.sha256,
        size: t.size,
      })),
    };
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handler(req, res).catch((err) => {
      logLine({ event: "request-error", error: (err as Error).message });
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  const server = opts.insecureHttp
    ? http.createServer(onRequest)
    : https.createServer({ ...(await identity.tls()) }, onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  server.on("upgrade", (req, socket, head) => migrations.handleUpgrade(req, socket, head));
  const consoles = attachConsoleServer(server, { driver, tickets, log: logLine, idleSec: consoleIdleSec });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port;
  return {
    server,
    port,
    close: async () => {
      // Upgraded console sockets are no longer the HTTP server's: end them (and their shells) first.
      await consoles.close();
      await migrations.close();
      const closed = new Promise((r) => server.close(() => r(null)));
      server.closeAllConnections();
      await closed;
      nonces.close();
    },
  };
}

export async function serveMain(driver: LxcDriver, argv: string[]): Promise<number> {
  try {
    const opts = parseServeArgs(argv);
    const { port, close } = await startServer(driver, opts);
    const identity = new AgentIdentity(driver.paths);
    const fp = opts.insecureHttp ? null : (await identity.tls()).fingerprint;
    logLine({
      event: "listening",
      url: `${opts.insecureHttp ? "http" : "https"}://${opts.host}:${port}`,
      tlsFingerprint: fp,
      data: driver.paths.root,
    });
    const started = await driver.startOnboot((l) => logLine({ event: "onboot", message: l }));
    if (started.length) logLine({ event: "onboot-started", ctids: started });
    await new Promise<void>((resolve) => {
      process.once("SIGTERM", () => resolve());
      process.once("SIGINT", () => resolve());
    });
    logLine({ event: "stopping" });
    await close();
    return 0;
  } catch (err) {
    process.stderr.write(`berth-agent serve: ${(err as Error).message}\n`);
    return err instanceof AgentError ? err.exitCode : 1;
  }
}

/** A request body as JSON checked by `schema`, or what is wrong with it (for a 400 answer). */
function readJsonBody<T>(body: Buffer, schema: z.ZodType<T>): { data: T } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return { error: "body is not JSON" };
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success)
    return { error: checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  return { data: checked.data };
}
