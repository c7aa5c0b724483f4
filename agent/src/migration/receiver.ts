import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import type { z } from "zod";
import { ctidSchema, hostnameSchema, ipWithPrefixSchema } from "../../protocol/fields";
import {
  MIGRATION,
  MIGRATION_HEADER,
  MIGRATION_VERSION,
  type MigrationPrecheckReply,
  type MigrationTicket,
  migrationFinishSchema,
  migrationPrecheckSchema,
  migrationPrepareSchema,
  migrationStreamTargetSchema,
  migrationTicketRequestSchema,
} from "../../protocol/migration";
import { keyIdOf, signReply, verifyRequest } from "../../protocol/signing";
import { PAGE_SIZE } from "../../protocol/sizes";
import { diskSize, ipAddresses, readBarrierLimit } from "../config/container-config";
import { VzConfig } from "../config/vz-config";
import type { LxcDriver } from "../driver/lxc-driver";
import { stripPrefix } from "../driver/network";
import { AgentError } from "../errors";
import { run, runOk } from "../run";
import { formatBytes } from "./format";
import { checkRsyncServerArgs } from "./rsync-args";
import { type IncomingMigration, MigrationTickets, secretMatches } from "./tickets";

// The destination side of a migration, served by `berth-agent serve`: tickets (asked for by the panel), the
// steps the source calls (precheck, prepare, finish, abort, status) and the rsync stream. Invariants:
// - only the ticket's secret together with the signature of the source node named in the ticket opens a
//   step, each request once (nonces); a finished or aborted migration opens nothing;
// - everything a migration makes (image, mount, config, lxc dir) is journaled first and removed on abort,
//   on an idle timeout and when the agent restarts in the middle; nothing that existed before is touched;
// - rsync runs with checked arguments in the directory of the ticket's container only.

type Log = (rec: Record<string, unknown>) => void;

export type ReceiverOptions = {
  driver: LxcDriver;
  nodeId: string;
  agentKey: { keyId: string; privateKeyPem: string };
  /** The agent's nonce store (shared with panel requests): true if the nonce is fresh. */
  claimNonce: (nonce: string, expires: number) => boolean;
  log: Log;
  agentVersion: string;
};

class StepError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function rsyncVersion(): Promise<string> {
  const r = await run("rsync", ["--version"]).catch(() => ({ stdout: "" }));
  return /version\s+(\d+\.\d+(\.\d+)?)/.exec(r.stdout)?.[1] ?? "missing";
}

export function rsyncVersionOk(v: string): boolean {
  const [maj, min] = v.split(".").map(Number);
  return maj !== undefined && min !== undefined && (maj > 3 || (maj === 3 && min >= 1));
}

async function memAvailable(): Promise<number> {
  const text = await fs.readFile("/proc/meminfo", "utf8").catch(() => "");
  const kb = Number(/^MemAvailable:\s+(\d+)/m.exec(text)?.[1] ?? "0");
  return kb * 1024;
}

/** Checks a config received from the source the way the driver checks one edited by hand. */
export function checkReceivedConfig(text: string): VzConfig {
  const conf = VzConfig.parse(text);
  const hostname = conf.get("HOSTNAME");
  if (hostname && !hostnameSchema.safeParse(hostname).success)
    throw new StepError(400, "BAD_REQUEST", "The container's HOSTNAME is not a valid host name");
  for (const ip of ipAddresses(conf))
    if (!ipWithPrefixSchema.safeParse(ip).success)
      throw new StepError(400, "BAD_REQUEST", `The container's IP_ADDRESS has an invalid address: ${ip}`);
  try {
    diskSize(conf);
  } catch (err) {
    throw new StepError(400, "BAD_REQUEST", (err as Error).message);
  }
  return conf;
}

export class MigrationReceiver {
  readonly tickets: MigrationTickets;
  private readonly streams = new Map<string, Set<ChildProcess>>();
  /** One step at a time per migration. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly o: ReceiverOptions) {
    this.tickets = new MigrationTickets(o.driver.paths);
  }

  owns(pathname: string): boolean {
    return pathname.startsWith(`${MIGRATION.basePath}/`);
  }

  // ---------- the panel's side: tickets ----------

  /** POST /v1/migration-tickets (already verified as the panel's). */
  async issueTicket(body: unknown): Promise<MigrationTicket> {
    const want = migrationTicketRequestSchema.safeParse(body);
    if (!want.success)
      throw new AgentError(
        "BAD_REQUEST",
        want.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      );
    const t = await this.tickets.issue(want.data);
    this.o.log({ event: "migration-ticket", id: t.id, ctid: t.ctid, sourceNodeId: want.data.sourceNodeId });
    return t;
  }

  // ---------- recovery and timeouts ----------

  /** At start: whatever an interrupted incoming migration made is removed. */
  async recover(): Promise<void> {
    for (const rec of await this.tickets.list()) {
      if (rec.state === "receiving") {
        await this.rollBack(rec, "the agent restarted during the migration");
        this.o.log({ event: "migration-recovered", id: rec.id, ctid: rec.ctid, action: "rolled-back" });
      }
    }
    await this.tickets.prune();
    this.sweeper = setInterval(() => void this.sweep().catch(() => {}), 30_000);
    this.sweeper.unref();
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const rec of await this.tickets.list()) {
      if (rec.state !== "receiving" || (this.streams.get(rec.id)?.size ?? 0) > 0) continue;
      if (Date.parse(rec.lastActivityAt) + MIGRATION.idleTimeoutSec * 1000 < now) {
        await this.serialize(rec.id, () => this.rollBack(rec, "the source went quiet"));
        this.o.log({ event: "migration-timeout", id: rec.id, ctid: rec.ctid });
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const set of this.streams.values()) for (const c of set) c.kill("SIGKILL");
  }

  private async rollBack(rec: IncomingMigration, reason: string): Promise<void> {
    for (const c of this.streams.get(rec.id) ?? []) c.kill("SIGKILL");
    if (rec.madeImage) {
      const d = this.o.driver;
      if (await d.isRunning(rec.ctid)) {
        await run("lxc-stop", ["-n", String(rec.ctid), "-P", d.paths.lxcPath, "-k"]);
      }
      // The rsync server may still hold its working directory in the mount for a moment.
      for (let i = 0; i < 20 && (this.streams.get(rec.id)?.size ?? 0) > 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      await fs.rm(`${d.paths.lockDir}/${rec.ctid}.lck`, { force: true });
      await d.removeAll(rec.ctid);
      await fs.rm(this.dumpDir(rec.ctid), { recursive: true, force: true });
    }
    rec.state = "aborted";
    rec.reason = reason;
    rec.lastActivityAt = new Date().toISOString();
    await this.tickets.save(rec);
  }

  private dumpDir(ctid: number): string {
    return path.join(this.o.driver.paths.root, "dump", String(ctid));
  }

  private serialize<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.chains.set(
      id,
      next.catch(() => {}),
    );
    return next;
  }

  // ---------- authentication of the source ----------

  private async authenticate(
    req: http.IncomingMessage,
    body: Buffer,
  ): Promise<{ rec: IncomingMigration; step: string; url: URL }> {
    const url = new URL(req.url ?? "/", "http://agent");
    const m = /^\/v1\/migrations\/(m-[A-Za-z0-9_-]{16,40})\/([a-z]+)$/.exec(url.pathname);
    if (!m?.[1] || !m[2]) throw new StepError(404, "NOT_FOUND", "no such endpoint");
    const rec = await this.tickets.get(m[1]);
    const presented = req.headers[MIGRATION_HEADER.ticket];
    // One answer for an unknown id and a wrong secret: the caller learns nothing about other migrations.
    if (!rec || !secretMatches(rec, typeof presented === "string" ? presented : undefined))
      throw new StepError(401, "UNAUTHORIZED", "migration refused: unknown migration or wrong ticket");
    const v = verifyRequest({
      method: req.method ?? "GET",
      path: req.url ?? "/",
      body,
      headers: req.headers,
      nodeId: this.o.nodeId,
      trustedKeys: [{ keyId: keyIdOf(rec.sourcePublicKey), publicKey: rec.sourcePublicKey }],
    });
    if (!v.ok) throw new StepError(401, "UNAUTHORIZED", `migration refused: ${v.reason}`);
    if (!this.o.claimNonce(v.fields.nonce, v.fields.expires))
      throw new StepError(401, "UNAUTHORIZED", "migration refused: replayed request");
    // A finished or aborted migration opens nothing, but its source may still ask how it ended: the answer
    // to its switch may have been lost (an agent that died and came back).
    if ((rec.state === "finished" || rec.state === "aborted") && m[2] !== "status")
      throw new StepError(
        401,
        "UNAUTHORIZED",
        `migration refused: this ticket was already used (${rec.state})`,
      );
    if (rec.state === "issued" && Date.parse(rec.expiresAt) < Date.now())
      throw new StepError(401, "UNAUTHORIZED", "migration refused: the ticket expired");
    return { rec, step: m[2], url };
  }

  private async touch(rec: IncomingMigration): Promise<void> {
    rec.lastActivityAt = new Date().toISOString();
    if (rec.state === "issued") rec.state = "receiving";
    await this.tickets.save(rec);
  }

  private signedHeaders(status: number, text: string, req: http.IncomingMessage): Record<string, string> {
    const nonce = req.headers["berth-nonce"];
    return signReply({
      status,
      body: text,
      nodeId: this.o.nodeId,
      requestNonce: typeof nonce === "string" ? nonce : "",
      keyId: this.o.agentKey.keyId,
      privateKey: this.o.agentKey.privateKeyPem,
    });
  }

  // ---------- steps ----------

  /** POST /v1/migrations/<id>/<step>: the body has been read (digest checked against the signature). */
  async handleStep(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const reply = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { "content-type": "application/json", ...this.signedHeaders(status, text, req) });
      res.end(text);
    };
    let id = "";
    try {
      if (req.method !== "POST") throw new StepError(405, "BAD_REQUEST", "POST only");
      const { rec, step } = await this.authenticate(req, body);
      id = rec.id;
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8") || "{}");
      } catch {
        throw new StepError(400, "BAD_REQUEST", "body is not JSON");
      }
      const out = await this.serialize(rec.id, async () => {
        // Re-read under the migration's chain: an abort may have run meanwhile.
        const cur = (await this.tickets.get(rec.id)) ?? rec;
        if (cur.state === "aborted" || cur.state === "finished") {
          if (step === "status") return { state: cur.state, ctid: cur.ctid };
          throw new StepError(409, "SYSTEM_ERROR", `the migration is already ${cur.state}`);
        }
        await this.touch(cur);
        switch (step) {
          case "precheck":
            return this.precheck(cur, json);
          case "prepare":
            return this.prepare(cur, json);
          case "finish":
            return this.finish(cur, json);
          case "abort":
            await this.rollBack(cur, "aborted by the source");
            return { state: "aborted" };
          case "status":
            return { state: cur.state, ctid: cur.ctid };
          default:
            throw new StepError(404, "NOT_FOUND", "no such step");
        }
      });
      this.o.log({ event: "migration-step", id: rec.id, step, ctid: rec.ctid });
      reply(200, out);
    } catch (err) {
      const e =
        err instanceof StepError
          ? err
          : err instanceof AgentError
            ? new StepError(409, err.code, err.message)
            : new StepError(500, "SYSTEM_ERROR", (err as Error).message);
      this.o.log({
        event: e.status === 401 ? "migration-refused" : "migration-error",
        id,
        path: req.url?.split("?")[0],
        remote: req.socket.remoteAddress,
        reason: e.message,
      });
      reply(e.status, { error: { code: e.code, message: e.message } });
    }
  }

  private parse<S extends z.ZodType>(schema: S, json: unknown): z.infer<S> {
    const r = schema.safeParse(json);
    if (!r.success)
      throw new StepError(
        400,
        "BAD_REQUEST",
        r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      );
    return r.data;
  }

  private async checkCtidFree(rec: IncomingMigration): Promise<void> {
    const p = this.o.driver.paths;
    const ctid = ctidSchema.parse(rec.ctid);
    if (
      existsSync(p.conf(ctid)) ||
      existsSync(p.image(ctid)) ||
      existsSync(path.join(p.lxcPath, String(ctid)))
    )
      throw new StepError(
        409,
        "VE_PRIVATE_EXIST",
        `CTID ${ctid} is already used on the destination; choose another CTID (renumber) or remove that container`,
      );
    for (const other of await this.tickets.list())
      if (other.id !== rec.id && other.ctid === ctid && other.state === "receiving")
        throw new StepError(409, "VE_PRIVATE_EXIST", `Another migration into CTID ${ctid} is in progress`);
  }

  private async precheck(rec: IncomingMigration, json: unknown): Promise<MigrationPrecheckReply> {
    const b = this.parse(migrationPrecheckSchema, json);
    const d = this.o.driver;
    const warnings: string[] = [];
    const rv = await rsyncVersion();
    if (!rsyncVersionOk(rv) || !rsyncVersionOk(b.rsyncVersion))
      throw new StepError(
        409,
        "NOT_SUPPORTED",
        `rsync 3.1 or newer is needed on both nodes (source ${b.rsyncVersion}, destination ${rv})`,
      );
    if (b.migrationVersion !== MIGRATION_VERSION)
      throw new StepError(409, "NOT_SUPPORTED", "The agents' migration protocols differ: update both agents");
    if (b.agentVersion !== this.o.agentVersion)
      warnings.push(`agent versions differ (source ${b.agentVersion}, destination ${this.o.agentVersion})`);
    await this.checkCtidFree(rec);
    const conf = checkReceivedConfig(b.config);

    // Space: the image is sparse, so what must fit is the data, plus ext4's own metadata and a margin.
    const st = await fs.statfs(d.paths.privateDir);
    const free = st.bavail * st.bsize;
    const need = Math.ceil(b.usedBytes * 1.05) + 64 * 1024 * 1024;
    if (free < need)
      throw new StepError(
        409,
        "DISK_SPACE",
        `Not enough disk space on the destination: the container holds ${formatBytes(b.usedBytes)}, ${formatBytes(free)} is free there (${formatBytes(need)} needed)`,
      );
    if (free < b.imageBytes)
      warnings.push(
        `the destination has ${formatBytes(free)} free, less than the container's disk size ${formatBytes(b.imageBytes)} (the image is sparse)`,
      );

    // Memory: the container's limit must fit the host at all, and what it uses now must fit what is free.
    const phys = readBarrierLimit(conf, "PHYSPAGES", PAGE_SIZE);
    const limitBytes = Number.isFinite(phys.limit) ? phys.limit * PAGE_SIZE : 0;
    if (limitBytes > os.totalmem())
      throw new StepError(
        409,
        "RESOURCE_ERROR",
        `The container's memory limit ${formatBytes(limitBytes)} exceeds the destination's memory ${formatBytes(os.totalmem())}`,
      );
    const avail = await memAvailable();
    if (b.memoryBytes > avail)
      throw new StepError(
        409,
        "RESOURCE_ERROR",
        `Not enough free memory on the destination: the container uses ${formatBytes(b.memoryBytes)}, ${formatBytes(avail)} is available`,
      );

    // Addresses: none may be in use by a container here, and in bridged mode they must be in the bridge's net.
    const ips = ipAddresses(conf).map(stripPrefix);
    for (const other of await d.listCtids()) {
      const oc = await d.readConfig(other);
      for (const ip of oc ? ipAddresses(oc).map(stripPrefix) : [])
        if (ips.includes(ip))
          throw new StepError(
            409,
            "IP_INUSE",
            `IP address ${ip} is already used by container ${other} on the destination`,
          );
    }
    const hostAddrs = new Set(
      Object.values(os.networkInterfaces())
        .flat()
        .map((a) => a?.address),
    );
    for (const ip of ips)
      if (hostAddrs.has(ip))
        throw new StepError(409, "IP_INUSE", `IP address ${ip} is an address of the destination host itself`);
    const mode =
      conf.get("NETMODE") === "bridged" || conf.get("NETMODE") === "routed"
        ? conf.get("NETMODE")
        : d.net.mode;
    if (mode === "bridged") {
      for (const ip of ips.filter((i) => !i.includes(":")))
        if (!inCidr(ip, d.net.bridgeCidr))
          throw new StepError(
            409,
            "CANT_ADDIP",
            `IP address ${ip} is not routable on the destination: its bridge network is ${d.net.bridgeCidr}`,
          );
    }

    // The template is not needed to run a migrated container (its files are copied), only to reinstall it.
    const tpl = conf.get("OSTEMPLATE");
    if (tpl && !(await d.templates.list()).some((t) => t.name === tpl))
      warnings.push(
        `template ${tpl} is not on the destination: not needed to run the container, needed to reinstall it`,
      );

    const why = b.mode === "live" ? await d.criuCheck() : null;
    if (b.mode === "live" && why)
      throw new StepError(409, "NOT_SUPPORTED", `Checkpointing is not supported on the destination: ${why}`);
    return {
      ok: true,
      agentVersion: this.o.agentVersion,
      rsyncVersion: rv,
      checkpoint: { supported: why === null, reason: why },
      warnings,
    };
  }

  private async prepare(rec: IncomingMigration, json: unknown): Promise<{ prepared: true }> {
    const b = this.parse(migrationPrepareSchema, json);
    if (rec.madeImage) return { prepared: true };
    await this.checkCtidFree(rec);
    const conf = checkReceivedConfig(b.config);
    const d = this.o.driver;
    const img = d.paths.image(rec.ctid);
    // "wx": fails if anything is there, so whatever we remove later is ours.
    await fs.writeFile(img, "", { mode: 0o600, flag: "wx" });
    rec.madeImage = true;
    await this.tickets.save(rec);
    await fs.truncate(img, b.imageBytes);
    const { inodes } = diskSize(conf);
    const mkfs = ["-q", "-F", "-m", "0", "-E", "nodiscard,lazy_itable_init=1", "-L", `ct${rec.ctid}`];
    if (inodes > 0) mkfs.push("-N", String(Math.min(inodes, Math.floor(b.imageBytes / 4096))));
    await runOk("mkfs.ext4", [...mkfs, "--", img]);
    const root = d.paths.rootfs(rec.ctid);
    await fs.mkdir(root, { recursive: true, mode: 0o755 });
    await runOk("mount", ["-t", "ext4", "-o", "loop,nodev", "--", img, root]);
    await fs.mkdir(this.dumpDir(rec.ctid), { recursive: true, mode: 0o700 });
    return { prepared: true };
  }

  private async finish(
    rec: IncomingMigration,
    json: unknown,
  ): Promise<{ running: boolean; startMs: number }> {
    const b = this.parse(migrationFinishSchema, json);
    if (!rec.madeImage) throw new StepError(409, "SYSTEM_ERROR", "nothing was prepared for this migration");
    const conf = checkReceivedConfig(b.config);
    const d = this.o.driver;
    for (const c of this.streams.get(rec.id) ?? []) c.kill("SIGKILL");
    await d.writeConfig(rec.ctid, conf);
    const t0 = performance.now();
    if (b.restore) {
      await d.resume(rec.ctid, () => {});
    } else if (b.start) {
      await d.start(rec.ctid, () => {});
    } else {
      await d.umount(rec.ctid, () => {});
    }
    const startMs = Math.round(performance.now() - t0);
    await fs.rm(this.dumpDir(rec.ctid), { recursive: true, force: true });
    rec.state = "finished";
    await this.tickets.save(rec);
    return { running: await d.isRunning(rec.ctid), startMs };
  }

  // ---------- the rsync stream ----------

  /** HTTP Upgrade on /v1/migrations/<id>/rsync. Returns false if the path is not ours. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? "/", "http://agent");
    if (!this.owns(url.pathname)) return false;
    socket.on("error", () => {});
    void this.upgrade(req, socket, head).catch((err) => {
      const e = err instanceof StepError ? err : new StepError(500, "SYSTEM_ERROR", (err as Error).message);
      this.o.log({
        event: e.status === 401 ? "migration-refused" : "migration-error",
        path: url.pathname,
        reason: e.message,
      });
      const text = JSON.stringify({ error: { code: e.code, message: e.message } });
      socket.end(
        `HTTP/1.1 ${e.status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
    });
    return true;
  }

  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { rec, step, url } = await this.authenticate(req, Buffer.alloc(0));
    if (step !== "rsync" || req.method !== "GET") throw new StepError(404, "NOT_FOUND", "no such endpoint");
    if ((req.headers.upgrade ?? "").toLowerCase() !== MIGRATION.upgradeProtocol)
      throw new StepError(400, "BAD_REQUEST", `Upgrade: ${MIGRATION.upgradeProtocol} expected`);
    const target = migrationStreamTargetSchema.safeParse(url.searchParams.get("target"));
    if (!target.success) throw new StepError(400, "BAD_REQUEST", "target must be root or dump");
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(url.searchParams.get("args") ?? "", "base64url").toString("utf8"));
    } catch {
      throw new StepError(400, "BAD_REQUEST", "args: not base64url JSON");
    }
    const checked = checkRsyncServerArgs(raw);
    if (!checked.ok) throw new StepError(400, "BAD_REQUEST", checked.reason);
    const cur = (await this.tickets.get(rec.id)) ?? rec;
    if (cur.state !== "receiving" || !cur.madeImage)
      throw new StepError(409, "SYSTEM_ERROR", "the migration is not receiving (prepare first)");
    await this.touch(cur);
    const dir = target.data === "root" ? this.o.driver.paths.rootfs(cur.ctid) : this.dumpDir(cur.ctid);
    if (target.data === "root" && !(await this.o.driver.isMounted(cur.ctid)))
      throw new StepError(409, "SYSTEM_ERROR", "the destination image is not mounted");

    const child = spawn("rsync", checked.args, { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    const set = this.streams.get(cur.id) ?? new Set();
    set.add(child);
    this.streams.set(cur.id, set);
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      if (stderr.length < 4000) stderr += c.toString();
    });
    const headers = this.signedHeaders(101, "", req);
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${MIGRATION.upgradeProtocol}\r\nConnection: Upgrade\r\n${Object.entries(
        headers,
      )
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("")}\r\n`,
    );
    if (head.length) child.stdin.write(head);
    socket.pipe(child.stdin).on("error", () => {});
    child.stdout.pipe(socket);
    socket.on("close", () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    });
    child.on("exit", (code, sig) => {
      set.delete(child);
      rec.lastActivityAt = new Date().toISOString();
      void this.tickets.get(cur.id).then((r) => {
        if (r && r.state === "receiving") {
          r.lastActivityAt = new Date().toISOString();
          return this.tickets.save(r);
        }
      });
      this.o.log({
        event: "migration-stream-end",
        id: cur.id,
        ctid: cur.ctid,
        code,
        signal: sig,
        stderr: stderr.trim().slice(-500) || undefined,
      });
      socket.end();
    });
  }
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
}

/** Whether an IPv4 address lies in a network given as "10.231.0.1/16". */
export function inCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split("/");
  const n = Number(bits);
  if (!net || !Number.isInteger(n) || n < 0 || n > 32) return false;
  const block = 2 ** (32 - n);
  return Math.floor(ipv4ToInt(ip) / block) === Math.floor(ipv4ToInt(net) / block);
}
