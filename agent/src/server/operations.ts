import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Command, CommandEnvelope, Operation } from "../../protocol/commands";
import { PAGE_SIZE, parseBarrierLimit, parseValue, SizeSyntaxError } from "../../protocol/sizes";
import { recoverBackups, runBackupCommand } from "../backups/run-backup-command";
import { beancountersJson, readAllBeancounters } from "../beancounters/beancounters";
import type { SetParams } from "../driver/container-driver";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { migrateContainer } from "../migration/migrate";
import { buildDebianTemplate } from "../templates/build-debian";

// The journal of commands: one JSON file per command id in <data>/agent/operations/, written (renamed into
// place) before the command runs and after every step. The id is the idempotency key: a second request
// with the same id gets the recorded operation back and nothing runs again.

type Stored = Operation & { commandDigest: string };

const MAX_LOG = 500;
/** How long a finished operation (and so its command id) is remembered: 30 days. */
const RETAIN_FINISHED_MS = 30 * 24 * 3600 * 1000;

export class Operations {
  private ops = new Map<string, Stored>();
  private running = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly driver: LxcDriver,
    private readonly log: (msg: Record<string, unknown>) => void,
  ) {}

  async load(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const cutoff = Date.now() - RETAIN_FINISHED_MS;
    for (const f of await fs.readdir(this.dir)) {
      if (!f.endsWith(".json")) continue;
      try {
        const op = JSON.parse(await fs.readFile(path.join(this.dir, f), "utf8")) as Stored;
        // Finished operations are kept for a while (the idempotency window), then dropped.
        if (op.status !== "running" && Date.parse(op.updatedAt) < cutoff) {
          await fs.rm(path.join(this.dir, f), { force: true });
          continue;
        }
        this.ops.set(op.id, op);
      } catch {
        // a torn temp file is never renamed into place, so an unreadable file is foreign: skip it
      }
    }
  }

  /**
   * After a crash: every operation still "running" is finished or rolled back according to what is on disk,
   * and says so in `recovery`.
   */
  async recover(): Promise<void> {
    const rolledBack = new Set(
      await this.driver.recoverInterruptedCreates((l) => this.log({ event: "recovery", message: l })),
    );
    await recoverBackups(this.driver, (l) => this.log({ event: "recovery", message: l }));
    for (const op of this.ops.values()) {
      if (op.status !== "running") continue;
      const ctid = op.ctid;
      const exists = ctid !== null && (await this.driver.readConfig(ctid)) !== null;
      const running = ctid !== null && exists && (await this.driver.isRunning(ctid));
      let done = false;
      switch (op.type) {
        case "container.create":
          done = exists && !rolledBack.has(ctid ?? -1);
          break;
        case "container.start":
        case "container.restart":
        case "container.resume":
          done = running;
          break;
        case "container.stop":
        case "container.suspend":
          done = exists && !running;
          break;
        case "container.destroy":
          done = !exists;
          break;
      }
      // A start cut short leaves the image mounted for a container that is not running.
      if (!done && ctid !== null && exists && !running && (await this.driver.isMounted(ctid))) {
        await this.driver.umount(ctid, () => {}).catch(() => {});
      }
      if (done) {
        op.status = "succeeded";
        op.recovery = "completed";
        op.progress = 100;
        this.addLog(op, "agent restarted during the operation; its effect was found complete");
      } else {
        op.status = "failed";
        op.recovery = op.type === "container.create" ? "rolled-back" : "interrupted";
        op.error = {
          code: "INTERRUPTED",
          message:
            op.type === "container.create"
              ? "agent restarted during create; the partial container was removed"
              : "agent restarted during the operation; it did not complete",
          exitCode: 3,
        };
        this.addLog(op, op.error.message);
      }
      await this.persist(op);
      this.log({
        event: "operation-recovered",
        id: op.id,
        type: op.type,
        status: op.status,
        recovery: op.recovery,
      });
    }
  }

  get(id: string): Operation | undefined {
    const op = this.ops.get(id);
    if (!op) return undefined;
    const { commandDigest: _d, ...pub } = op;
    return pub;
  }

  list(): Operation[] {
    return [...this.ops.keys()].map((id) => this.get(id) as Operation);
  }

  /** Waits up to ms for the operation to finish. */
  async wait(id: string, ms: number): Promise<void> {
    const p = this.running.get(id);
    if (!p || ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** Starts (or, for a known id, returns) the operation of a command. */
  async submit(env: CommandEnvelope): Promise<{ op: Operation; isNew: boolean }> {
    const digest = createHash("sha256").update(JSON.stringify(env.command)).digest("hex");
    const existing = this.ops.get(env.id);
    if (existing) {
      if (existing.commandDigest !== digest)
        throw new AgentError("BAD_REQUEST", `command id ${env.id} was already used for a different command`);
      return { op: this.get(env.id) as Operation, isNew: false };
    }
    const now = new Date().toISOString();
    const op: Stored = {
      id: env.id,
      type: env.command.type,
      ctid: "ctid" in env.command ? env.command.ctid : null,
      status: "running",
      progress: 0,
      log: [],
      createdAt: now,
      updatedAt: now,
      commandDigest: digest,
    };
    this.ops.set(op.id, op);
    await this.persist(op);
    const p = this.execute(op, env.command).finally(() => this.running.delete(op.id));
    this.running.set(op.id, p);
    return { op: this.get(op.id) as Operation, isNew: true };
  }

  private addLog(op: Stored, line: string): void {
    op.log.push({ n: op.log.length + 1, at: new Date().toISOString(), line });
    if (op.log.length > MAX_LOG) op.log.splice(0, op.log.length - MAX_LOG);
  }

  private async persist(op: Stored): Promise<void> {
    op.updatedAt = new Date().toISOString();
    const file = path.join(this.dir, `${op.id}.json`);
    const tmp = `${file}.tmp`;
    const h = await fs.open(tmp, "w", 0o600);
    try {
      await h.writeFile(JSON.stringify(op));
      await h.datasync();
    } finally {
      await h.close();
    }
    await fs.rename(tmp, file);
  }

  private async execute(op: Stored, cmd: Command): Promise<void> {
    let chain = Promise.resolve();
    const steps = PROGRESS_STEPS[cmd.type] ?? [];
    const log = (line: string) => {
      this.addLog(op, line);
      const i = steps.findIndex((s) => line.startsWith(s));
      if (i >= 0) op.progress = Math.max(op.progress, Math.round(((i + 1) / (steps.length + 1)) * 100));
      chain = chain.then(() => this.persist(op)).catch(() => {});
    };
    try {
      op.result = await runCommand(this.driver, cmd, log);
      await chain;
      op.status = "succeeded";
      op.progress = 100;
    } catch (err) {
      await chain;
      op.status = "failed";
      if (err instanceof AgentError)
        op.error = { code: err.code, message: err.message, exitCode: err.exitCode };
      else if (err instanceof z.ZodError)
        op.error = { code: "BAD_REQUEST", message: err.issues[0]?.message ?? "invalid", exitCode: 21 };
      else op.error = { code: "SYSTEM_ERROR", message: (err as Error).message, exitCode: 3 };
      this.addLog(op, op.error.message);
    }
    await this.persist(op);
    this.log({ event: "operation-finished", id: op.id, type: op.type, status: op.status });
  }
}

const PROGRESS_STEPS: Partial<Record<Command["type"], string[]>> = {
  "container.create": [
    "Creating container private area",
    "Performing postcreate actions",
    "Container private area was created",
    "Starting container",
    "Container start in progress",
  ],
  "container.start": ["Starting container", "Container is mounted", "Container start in progress"],
  "container.stop": ["Stopping container", "Container was stopped"],
  "template.build": ["debootstrap", "configuring", "packing", "checking"],
  "container.migrate": [
    "Checking the destination",
    "Preparing the destination",
    "Copied (pass 1",
    "Copied (pass 2",
    "Stopping the container",
    "Copied (final",
    "Starting the container on the destination",
    "Removing the container from the source",
  ],
  "container.backup": [
    "Stopping container",
    "Copying the running",
    "Freezing",
    "Container thawed",
    "Starting container",
  ],
  "container.restore": ["Creating container private area", "Extracting and checking", "Archive checked"],
};

function size<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SizeSyntaxError) throw new AgentError("BAD_REQUEST", err.message);
    throw err;
  }
}

export function setParamsFromProtocol(
  p: z.infer<typeof import("../../protocol/commands").setParamsSchema>,
): SetParams {
  const out: SetParams = {
    hostname: p.hostname,
    nameserver: p.nameserver,
    searchdomain: p.searchdomain,
    userpasswd: p.userpasswd,
    ipadd: p.ipadd,
    ipdel: p.ipdel,
    cpuunits: p.cpuunits,
    cpulimit: p.cpulimit,
    cpus: p.cpus,
    onboot: p.onboot,
    name: p.name,
    description: p.description,
    applyconfig: p.applyconfig,
  };
  if (p.ram) out.physpages = { barrier: 0, limit: size(() => parseValue(p.ram as string, PAGE_SIZE)) };
  if (p.swap) out.swappages = { barrier: 0, limit: size(() => parseValue(p.swap as string, PAGE_SIZE)) };
  if (p.physpages) out.physpages = size(() => parseBarrierLimit(p.physpages as string, PAGE_SIZE));
  if (p.swappages) out.swappages = size(() => parseBarrierLimit(p.swappages as string, PAGE_SIZE));
  if (p.numproc) out.numproc = size(() => parseBarrierLimit(p.numproc as string, 1));
  if (p.diskspace) out.diskspace = size(() => parseBarrierLimit(p.diskspace as string, 1024));
  if (p.diskinodes) out.diskinodes = size(() => parseBarrierLimit(p.diskinodes as string, 1));
  for (const k of Object.keys(out) as (keyof SetParams)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export async function runCommand(
  driver: LxcDriver,
  cmd: Command,
  log: (l: string) => void,
): Promise<unknown> {
  switch (cmd.type) {
    case "container.create":
      await driver.create(
        cmd.ctid,
        {
          ostemplate: cmd.ostemplate,
          config: cmd.config,
          ipadd: cmd.ipadd,
          hostname: cmd.hostname,
          name: cmd.name,
          diskspace: cmd.diskspace ? size(() => parseBarrierLimit(cmd.diskspace as string, 1024)) : undefined,
          diskinodes: cmd.diskinodes ? size(() => parseBarrierLimit(cmd.diskinodes as string, 1)) : undefined,
          start: cmd.start,
        },
        log,
      );
      return driver.status(cmd.ctid);
    case "container.start":
      await driver.start(cmd.ctid, log);
      return driver.status(cmd.ctid);
    case "container.stop":
      await driver.stop(cmd.ctid, { fast: cmd.fast, timeoutSec: cmd.timeoutSec }, log);
      return driver.status(cmd.ctid);
    case "container.restart":
      await driver.restart(cmd.ctid, log);
      return driver.status(cmd.ctid);
    case "container.destroy":
      await driver.destroy(cmd.ctid, log);
      return null;
    case "container.mount":
      await driver.mount(cmd.ctid, log);
      return driver.status(cmd.ctid);
    case "container.umount":
      await driver.umount(cmd.ctid, log);
      return driver.status(cmd.ctid);
    case "container.suspend":
      await driver.suspend(cmd.ctid, log);
      return driver.status(cmd.ctid);
    case "container.resume":
      await driver.resume(cmd.ctid, log);
      return driver.status(cmd.ctid);
    case "container.status":
      return driver.status(cmd.ctid);
    case "container.list":
      return driver.list();
    case "container.set":
      await driver.set(cmd.ctid, setParamsFromProtocol(cmd.params), cmd.save, log);
      return driver.status(cmd.ctid);
    case "container.exec": {
      const r = await driver.exec(cmd.ctid, cmd.argv, { input: cmd.stdin });
      // The result is journaled: keep at most 1 MiB of each stream.
      const cap = (t: string) => (t.length > 1 << 20 ? `${t.slice(0, 1 << 20)}\n[truncated]` : t);
      return { exitCode: r.code, stdout: cap(r.stdout), stderr: cap(r.stderr) };
    }
    case "beancounters.get":
      return beancountersJson(await readAllBeancounters(driver, cmd.ctids));
    case "template.list":
      return driver.templates.list();
    case "template.download":
      return driver.templates.download(cmd.url, cmd.name, cmd.sha256, log);
    case "template.build":
      return buildDebianTemplate(driver.templates, cmd.name, log);
    case "container.migrate":
      return migrateContainer(driver, { ...cmd }, log);
    case "container.backup":
    case "container.restore":
    case "backup.list":
    case "backup.delete":
    case "backup.fetch":
    case "backup.push":
      return runBackupCommand(driver, cmd, log);
  }
}
