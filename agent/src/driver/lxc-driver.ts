import { createHash } from "node:crypto";
import { existsSync, constants as fsc, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  containerNameSchema,
  ctidSchema,
  descriptionSchema,
  hostnameSchema,
  ipWithPrefixSchema,
  passwordSchema,
  sampleNameSchema,
  userNameSchema,
} from "../../protocol/fields";
import { formatBarrierLimit, formatValue, humanBytes, PAGE_SIZE } from "../../protocol/sizes";
import {
  diskSize,
  ipAddresses,
  isOnboot,
  limitsFromConfig,
  listValue,
  RESOURCE_KEYS,
} from "../config/container-config";
import { VzConfig } from "../config/vz-config";
import { AgentError } from "../errors";
import { AgentPaths, SHIPPED_SAMPLES_DIR } from "../paths";
import { type RunResult, run, runInteractive, runOk } from "../run";
import { TemplateCache } from "../templates/template-cache";
import { Cgroups } from "./cgroups";
import type {
  ContainerDriver,
  ContainerStatus,
  CreateOptions,
  Log,
  SetParams,
  StopOptions,
} from "./container-driver";
import { hostsContent, readInRootfs, resolvContent, writeInRootfs } from "./container-files";
import {
  changeLiveAddress,
  ensureBridge,
  lxcNetLines,
  type NetMode,
  type NetworkOptions,
  networkOptionsFromEnv,
  stripPrefix,
} from "./network";

const CONTAINER_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export type LxcDriverOptions = { paths?: AgentPaths; network?: NetworkOptions; startTimeoutSec?: number };

export class LxcDriver implements ContainerDriver {
  readonly paths: AgentPaths;
  readonly net: NetworkOptions;
  readonly cgroups: Cgroups;
  readonly templates: TemplateCache;
  readonly hostCpus = os.availableParallelism();
  private readonly startTimeoutSec: number;

  constructor(opts: LxcDriverOptions = {}) {
    this.paths = opts.paths ?? new AgentPaths();
    this.net = opts.network ?? networkOptionsFromEnv();
    this.startTimeoutSec = opts.startTimeoutSec ?? 30;
    // One parent cgroup per lxcpath, so two agents (or a test and a real agent) never share one.
    const tag = createHash("sha256").update(this.paths.lxcPath).digest("hex").slice(0, 8);
    this.cgroups = new Cgroups(`berth.${tag}`);
    this.templates = new TemplateCache(this.paths.templateCache);
  }

  private initialized = false;

  async init(): Promise<void> {
    if (this.initialized) return;
    for (const d of [
      this.paths.confDir,
      this.paths.privateDir,
      this.paths.rootDir,
      this.paths.templateCache,
      this.paths.lxcPath,
      this.paths.lockDir,
    ]) {
      await fs.mkdir(d, { recursive: true, mode: 0o700 });
    }
    this.initialized = true;
  }

  // ---------- config ----------

  async readConfig(ctid: number): Promise<VzConfig | null> {
    try {
      return VzConfig.parse(await fs.readFile(this.paths.conf(ctid), "utf8"));
    } catch {
      return null;
    }
  }

  private async requireConfig(ctid: number): Promise<VzConfig> {
    const conf = await this.readConfig(ctid);
    if (!conf)
      throw new AgentError(
        "VE_PRIVATE_NOT_EXIST",
        `Container private area ${this.paths.image(ctid)} does not exist`,
      );
    return conf;
  }

  async writeConfig(ctid: number, conf: VzConfig): Promise<void> {
    const tmp = `${this.paths.conf(ctid)}.tmp`;
    await fs.writeFile(tmp, conf.format(), { mode: 0o600 });
    await fs.rename(tmp, this.paths.conf(ctid));
  }

  async readSample(name: string): Promise<VzConfig> {
    if (!sampleNameSchema.safeParse(name).success)
      throw new AgentError("BAD_REQUEST", `Invalid config sample name: ${name}`);
    for (const p of [this.paths.sample(name), path.join(SHIPPED_SAMPLES_DIR, `ve-${name}.conf-sample`)]) {
      try {
        return VzConfig.parse(await fs.readFile(p, "utf8"));
      } catch {
        // next location
      }
    }
    throw new AgentError("NOCONFIG", `Sample config ve-${name}.conf-sample not found`);
  }

  async listCtids(): Promise<number[]> {
    let names: string[] = [];
    try {
      names = await fs.readdir(this.paths.confDir);
    } catch {
      return [];
    }
    return names
      .map((n) => /^(\d+)\.conf$/.exec(n)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number)
      .filter((n) => ctidSchema.safeParse(n).success)
      .sort((a, b) => a - b);
  }

  /** vzctl accepts a container name wherever a CTID goes. */
  async resolveCtid(idOrName: string): Promise<number> {
    if (/^\d+$/.test(idOrName)) {
      const n = Number(idOrName);
      if (!ctidSchema.safeParse(n).success)
        throw new AgentError("BAD_REQUEST", `Invalid CTID: ${idOrName} (must be 100..999999999)`);
      return n;
    }
    for (const ctid of await this.listCtids()) {
      const conf = await this.readConfig(ctid);
      if (conf?.get("NAME") === idOrName) return ctid;
    }
    throw new AgentError("BAD_REQUEST", `Bad CTID or name: ${idOrName}`);
  }

  private netMode(conf: VzConfig): NetMode {
    const m = conf.get("NETMODE");
    return m === "bridged" || m === "routed" ? m : this.net.mode;
  }

  // ---------- mounts ----------

  private async mountPoints(): Promise<Set<string>> {
    const text = await fs.readFile("/proc/self/mountinfo", "utf8");
    const out = new Set<string>();
    for (const line of text.split("\n")) {
      const f = line.split(" ");
      if (f[4]) out.add(f[4].replace(/\\040/g, " "));
    }
    return out;
  }

  async isMounted(ctid: number, mounts?: Set<string>): Promise<boolean> {
    return (mounts ?? (await this.mountPoints())).has(this.paths.rootfs(ctid));
  }

  private async mountImage(ctid: number): Promise<void> {
    const root = this.paths.rootfs(ctid);
    await fs.mkdir(root, { recursive: true, mode: 0o755 });
    // The loop device is set up by mount with autoclear, so a umount also frees it.
    await runOk("mount", ["-t", "ext4", "-o", "loop,nodev", "--", this.paths.image(ctid), root]);
  }

  private async unmountImage(ctid: number): Promise<void> {
    const root = this.paths.rootfs(ctid);
    if (await this.isMounted(ctid)) {
      const r = await run("umount", ["--", root]);
      if (r.code !== 0) await runOk("umount", ["-l", "--", root]);
    }
    await this.detachLoops(ctid);
  }

  private growMarker(ctid: number): string {
    return `${this.paths.image(ctid)}.grow`;
  }

  private async loopsOf(ctid: number): Promise<string[]> {
    if (!existsSync(this.paths.image(ctid))) return [];
    const r = await run("losetup", ["-j", this.paths.image(ctid), "-O", "NAME", "-n"]);
    return r.stdout
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  }

  private async detachLoops(ctid: number): Promise<void> {
    for (const dev of await this.loopsOf(ctid)) await run("losetup", ["-d", dev]);
  }

  // ---------- locking ----------

  /** One operation per container at a time, across the CLI and the API (vzctl's "Container already locked"). */
  async withLock<T>(ctid: number, fn: () => Promise<T>): Promise<T> {
    await fs.mkdir(this.paths.lockDir, { recursive: true });
    const lock = path.join(this.paths.lockDir, `${ctid}.lck`);
    for (let attempt = 0; ; attempt++) {
      try {
        const h = await fs.open(lock, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
        await h.writeFile(String(process.pid));
        await h.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0)
          throw new AgentError("LOCKED", "Container already locked");
        const holder = Number((await fs.readFile(lock, "utf8").catch(() => "")).trim());
        if (holder && holder !== process.pid && pidAlive(holder))
          throw new AgentError("LOCKED", "Container already locked");
        await fs.rm(lock, { force: true });
      }
    }
    try {
      return await fn();
    } finally {
      await fs.rm(lock, { force: true });
    }
  }

  // ---------- lxc ----------

  private lxcArgs(ctid: number): string[] {
    return ["-n", String(ctid), "-P", this.paths.lxcPath];
  }

  private async haltSignal(ctid: number): Promise<string> {
    try {
      const target = await fs.readlink(path.join(this.paths.rootfs(ctid), "sbin", "init"));
      if (target.includes("busybox")) return "SIGUSR2";
      if (target.includes("systemd")) return "SIGRTMIN+3";
    } catch {
      // a regular init binary (sysvinit): LXC's default
    }
    return "SIGPWR";
  }

  async generateLxcConfig(ctid: number, conf: VzConfig): Promise<string> {
    // The config may have been edited by hand: nothing unchecked goes into an LXC config line.
    const hostname = conf.get("HOSTNAME");
    if (hostname && !hostnameSchema.safeParse(hostname).success)
      throw new AgentError("BAD_REQUEST", `HOSTNAME in ${this.paths.conf(ctid)} is not a valid host name`);
    for (const ip of ipAddresses(conf)) {
      if (!ipWithPrefixSchema.safeParse(ip).success)
        throw new AgentError(
          "BAD_REQUEST",
          `IP_ADDRESS in ${this.paths.conf(ctid)} has an invalid address: ${ip}`,
        );
    }
    const limits = limitsFromConfig(conf, this.hostCpus);
    const lines = [
      "# Generated by berth-agent from the container's vzctl config; edits here are overwritten at start.",
      "lxc.include = /usr/share/lxc/config/common.conf",
      "lxc.arch = linux64",
      `lxc.uts.name = ${conf.get("HOSTNAME") || `ct${ctid}`}`,
      `lxc.rootfs.path = dir:${this.paths.rootfs(ctid)}`,
      "lxc.autodev = 1",
      "lxc.pty.max = 256",
      "lxc.tty.max = 0",
      `lxc.signal.halt = ${await this.haltSignal(ctid)}`,
      "lxc.init.cmd = /sbin/init",
      `lxc.log.file = ${path.join(this.paths.lxcPath, String(ctid), "lxc.log")}`,
      "lxc.log.level = WARN",
      ...lxcNetLines(ctid, ipAddresses(conf), this.netMode(conf), this.net),
      ...this.cgroups.lxcLines(ctid, limits),
    ];
    return `${lines.join("\n")}\n`;
  }

  private async writeLxcConfig(ctid: number, conf: VzConfig): Promise<void> {
    await fs.mkdir(path.dirname(this.paths.lxcConfig(ctid)), { recursive: true, mode: 0o700 });
    await fs.writeFile(this.paths.lxcConfig(ctid), await this.generateLxcConfig(ctid, conf));
  }

  private async initPid(ctid: number): Promise<number> {
    const out = await runOk("lxc-info", [...this.lxcArgs(ctid), "-p", "-H"]);
    const pid = Number(out.trim());
    if (!pid) throw new AgentError("VE_NOT_RUNNING", "Container is not running");
    return pid;
  }

  async isRunning(ctid: number): Promise<boolean> {
    return this.cgroups.isRunning(ctid);
  }

  // ---------- operations ----------

  async status(ctid: number, mounts?: Set<string>): Promise<ContainerStatus> {
    const conf = await this.readConfig(ctid);
    const m = mounts ?? (await this.mountPoints());
    return {
      ctid,
      exists: conf !== null,
      mounted: await this.isMounted(ctid, m),
      running: conf !== null && (await this.isRunning(ctid)),
      name: conf?.get("NAME") || null,
      hostname: conf?.get("HOSTNAME") || null,
      ips: conf ? ipAddresses(conf) : [],
      ostemplate: conf?.get("OSTEMPLATE") || null,
      onboot: conf ? isOnboot(conf) : false,
      config: conf?.entries() ?? {},
    };
  }

  async list(): Promise<ContainerStatus[]> {
    const mounts = await this.mountPoints();
    return Promise.all((await this.listCtids()).map((c) => this.status(c, mounts)));
  }

  async create(ctid: number, opts: CreateOptions, log: Log): Promise<void> {
    ctidSchema.parse(ctid);
    await this.init();
    await this.withLock(ctid, async () => {
      // A create killed earlier (vzctl interrupted) left its marker: roll that back first.
      if (existsSync(this.paths.creating(ctid))) {
        const holder = Number((await fs.readFile(this.paths.creating(ctid), "utf8").catch(() => "")).trim());
        if (!holder || !pidAlive(holder)) {
          log(`Rolling back an interrupted create of container ${ctid}`);
          await this.removeAll(ctid);
        }
      }
      if (existsSync(this.paths.conf(ctid)) || existsSync(this.paths.image(ctid))) {
        throw new AgentError("VE_PRIVATE_EXIST", `Private area already exists in ${this.paths.image(ctid)}`);
      }
      if (opts.hostname) hostnameSchema.parse(opts.hostname);
      for (const ip of opts.ipadd ?? []) ipWithPrefixSchema.parse(ip);
      if (opts.name) await this.checkNameFree(opts.name, ctid);
      const template = await this.templates.find(opts.ostemplate);
      const conf = await this.readSample(opts.config ?? "basic");
      conf.set("OSTEMPLATE", template.name);
      if (opts.diskspace) conf.set("DISKSPACE", formatBarrierLimit(opts.diskspace));
      if (opts.diskinodes) conf.set("DISKINODES", formatBarrierLimit(opts.diskinodes));
      if (opts.hostname) conf.set("HOSTNAME", opts.hostname);
      if (opts.name) conf.set("NAME", opts.name);
      if (opts.ipadd?.length) {
        await this.checkIpsFree(opts.ipadd, ctid);
        conf.set("IP_ADDRESS", opts.ipadd.join(" "));
      }
      // The marker is the journal of a create: anything carrying it after a crash is rolled back.
      await fs.writeFile(this.paths.creating(ctid), `${process.pid}\n`);
      try {
        log(`Creating container private area (${template.name})`);
        const { bytes, inodes } = diskSize(conf);
        await fs.writeFile(this.paths.image(ctid), "", { mode: 0o600, flag: "wx" });
        await fs.truncate(this.paths.image(ctid), bytes);
        const mkfsArgs = ["-q", "-F", "-m", "0", "-E", "nodiscard,lazy_itable_init=1", "-L", `ct${ctid}`];
        // An inode count the file system cannot hold makes mkfs fail: cap at one inode per 4 KiB.
        if (inodes > 0) mkfsArgs.push("-N", String(Math.min(inodes, Math.floor(bytes / 4096))));
        await runOk("mkfs.ext4", [...mkfsArgs, "--", this.paths.image(ctid)]);
        await this.mountImage(ctid);
        await this.templates.extract(template.name, this.paths.rootfs(ctid));
        faultPoint("create-after-extract");
        log("Performing postcreate actions");
        await this.writeInsideFiles(ctid, conf, undefined);
        // Started right away (the API's create with start): the image stays mounted for the start.
        if (!opts.start) await this.unmountImage(ctid);
        await this.writeConfig(ctid, conf);
        log(`CT configuration saved to ${this.paths.conf(ctid)}`);
        await fs.rm(this.paths.creating(ctid), { force: true });
        log("Container private area was created");
      } catch (err) {
        await this.removeAll(ctid);
        throw err;
      }
      if (opts.start) await this.startLocked(ctid, log, { insideFilesWritten: true });
    });
  }

  /** Removes every trace of a container: mount, loop, image, configs, lxc dir. Used by destroy and rollback. */
  async removeAll(ctid: number): Promise<void> {
    await this.unmountImage(ctid).catch(() => {});
    await this.detachLoops(ctid).catch(() => {});
    await fs.rm(this.paths.image(ctid), { force: true });
    await fs.rm(this.growMarker(ctid), { force: true });
    await fs.rm(this.paths.rootfs(ctid), { recursive: true, force: true });
    await fs.rm(path.join(this.paths.lxcPath, String(ctid)), { recursive: true, force: true });
    await fs.rm(this.paths.conf(ctid), { force: true });
    await fs.rm(`${this.paths.conf(ctid)}.tmp`, { force: true });
    await fs.rm(this.paths.creating(ctid), { force: true });
  }

  /** Containers whose create was interrupted (agent killed): rolled back. Returns their CTIDs. */
  async recoverInterruptedCreates(log: Log): Promise<number[]> {
    let names: string[] = [];
    try {
      names = await fs.readdir(this.paths.confDir);
    } catch {
      return [];
    }
    const rolled: number[] = [];
    for (const n of names) {
      const m = /^(\d+)\.creating$/.exec(n);
      if (!m?.[1]) continue;
      const ctid = Number(m[1]);
      const holder = Number(
        (await fs.readFile(path.join(this.paths.confDir, n), "utf8").catch(() => "")).trim(),
      );
      if (holder && holder !== process.pid && pidAlive(holder)) continue;
      log(`Container ${ctid}: create was interrupted; rolling back`);
      await fs.rm(path.join(this.paths.lockDir, `${ctid}.lck`), { force: true });
      await this.removeAll(ctid);
      rolled.push(ctid);
    }
    return rolled;
  }

  private async writeInsideFiles(
    ctid: number,
    conf: VzConfig,
    oldHostname: string | undefined,
  ): Promise<void> {
    const root = this.paths.rootfs(ctid);
    const hostname = conf.get("HOSTNAME");
    if (hostname) {
      await writeInRootfs(root, "etc/hostname", `${hostname}\n`);
      const cur = await readInRootfs(root, "etc/hosts");
      const ip = ipAddresses(conf).map(stripPrefix)[0];
      await writeInRootfs(root, "etc/hosts", hostsContent(cur, hostname, oldHostname, ip));
    }
    const ns = listValue(conf, "NAMESERVER");
    const sd = listValue(conf, "SEARCHDOMAIN");
    if (ns.length || sd.length) {
      const cur = await readInRootfs(root, "etc/resolv.conf");
      await writeInRootfs(root, "etc/resolv.conf", resolvContent(cur, ns, sd));
    }
  }

  async start(ctid: number, log: Log): Promise<void> {
    await this.withLock(ctid, () => this.startLocked(ctid, log));
  }

  private async startLocked(ctid: number, log: Log, o: { insideFilesWritten?: boolean } = {}): Promise<void> {
    const conf = await this.requireConfig(ctid);
    if (await this.isRunning(ctid)) throw new AgentError("VE_RUNNING", "Container is already running");
    log("Starting container...");
    if (!(await this.isMounted(ctid))) {
      if (existsSync(this.growMarker(ctid))) {
        await run("e2fsck", ["-f", "-p", this.paths.image(ctid)]);
        await runOk("resize2fs", [this.paths.image(ctid)]);
        await fs.rm(this.growMarker(ctid), { force: true });
        log("File system grown to the disk image size");
      }
      await this.mountImage(ctid);
    }
    log("Container is mounted");
    try {
      if (!o.insideFilesWritten) await this.writeInsideFiles(ctid, conf, undefined);
      if (this.netMode(conf) === "bridged") await ensureBridge(this.net);
      await this.writeLxcConfig(ctid, conf);
      const ips = ipAddresses(conf);
      if (ips.length) log(`Adding IP address(es): ${ips.join(" ")}`);
      if (conf.get("HOSTNAME")) log(`Setting hostname: ${conf.get("HOSTNAME")}`);
      if (listValue(conf, "NAMESERVER").length) log("File resolv.conf was modified");
      log(`Setting CPU units: ${conf.get("CPUUNITS") ?? "1000"}`);
      const r = await run("lxc-start", [...this.lxcArgs(ctid), "-d"]);
      if (r.code !== 0)
        throw new AgentError(
          "SYSTEM_ERROR",
          `Unable to start container: ${await this.lxcLogTail(ctid, r.stderr)}`,
        );
      log("Container start in progress...");
      // lxc-start -d returns once the container reported RUNNING; its tasks can reach the pids cgroup a
      // moment later, so poll briefly before asking lxc-wait.
      for (let i = 0; i < 50 && !(await this.isRunning(ctid)); i++)
        await new Promise((r) => setTimeout(r, 2));
      if (!(await this.isRunning(ctid))) {
        const w = await run("lxc-wait", [
          ...this.lxcArgs(ctid),
          "-s",
          "RUNNING",
          "-t",
          String(this.startTimeoutSec),
        ]);
        if (w.code !== 0 || !(await this.isRunning(ctid))) {
          throw new AgentError(
            "WAIT_FAILED",
            `Container did not reach RUNNING: ${await this.lxcLogTail(ctid, w.stderr)}`,
          );
        }
      }
    } catch (err) {
      await run("lxc-stop", [...this.lxcArgs(ctid), "-k"]);
      await this.unmountImage(ctid).catch(() => {});
      throw err;
    }
  }

  private async lxcLogTail(ctid: number, stderr: string): Promise<string> {
    const logText = await fs
      .readFile(path.join(this.paths.lxcPath, String(ctid), "lxc.log"), "utf8")
      .catch(() => "");
    const lines = logText.split("\n").filter((l) => l.includes("ERROR"));
    return (lines.slice(-3).join("; ") || stderr.trim() || "unknown error").slice(0, 1000);
  }

  async stop(ctid: number, opts: StopOptions, log: Log): Promise<void> {
    await this.withLock(ctid, () => this.stopLocked(ctid, opts, log));
  }

  private async stopLocked(ctid: number, opts: StopOptions, log: Log): Promise<void> {
    await this.requireConfig(ctid);
    if (!(await this.isRunning(ctid))) {
      log("Unable to stop: container is not running");
      if (await this.isMounted(ctid)) {
        await this.unmountImage(ctid);
        log("Container is unmounted");
      }
      return;
    }
    log("Stopping container ...");
    const args = opts.fast
      ? [...this.lxcArgs(ctid), "-k"]
      : [...this.lxcArgs(ctid), "-t", String(opts.timeoutSec ?? 60)];
    const r = await run("lxc-stop", args);
    if (r.code !== 0 && (await this.isRunning(ctid))) {
      const k = await run("lxc-stop", [...this.lxcArgs(ctid), "-k"]);
      if (k.code !== 0 && (await this.isRunning(ctid)))
        throw new AgentError("STOP_ERROR", `Unable to stop container: ${k.stderr.trim()}`);
    }
    log("Container was stopped");
    await this.unmountImage(ctid);
    log("Container is unmounted");
  }

  async restart(ctid: number, log: Log): Promise<void> {
    await this.withLock(ctid, async () => {
      log("Restarting container");
      await this.stopLocked(ctid, {}, log);
      await this.startLocked(ctid, log);
    });
  }

  async destroy(ctid: number, log: Log): Promise<void> {
    await this.withLock(ctid, async () => {
      if (!(await this.readConfig(ctid)) && !existsSync(this.paths.image(ctid))) {
        throw new AgentError("VE_PRIVATE_NOT_EXIST", "Container does not exist");
      }
      if (await this.isRunning(ctid))
        throw new AgentError("VE_RUNNING", "Container is currently running. Stop it first.");
      log(`Destroying container private area: ${this.paths.image(ctid)}`);
      await this.removeAll(ctid);
      log("Container private area was destroyed");
    });
  }

  async mount(ctid: number, log: Log): Promise<void> {
    await this.withLock(ctid, async () => {
      await this.requireConfig(ctid);
      if (await this.isMounted(ctid)) throw new AgentError("VE_MOUNTED", "Container is already mounted");
      await this.mountImage(ctid);
      log("Container is mounted");
    });
  }

  async umount(ctid: number, log: Log): Promise<void> {
    await this.withLock(ctid, async () => {
      await this.requireConfig(ctid);
      if (await this.isRunning(ctid))
        throw new AgentError("VE_RUNNING", "Container is running -- stop it first");
      if (!(await this.isMounted(ctid))) throw new AgentError("VE_NOT_MOUNTED", "Container is not mounted");
      await this.unmountImage(ctid);
      log("Container is unmounted");
    });
  }

  private attachArgs(ctid: number, vars: string[] = [`TERM=${process.env.TERM ?? "xterm"}`]): string[] {
    return [
      ...this.lxcArgs(ctid),
      "--clear-env",
      "--set-var",
      CONTAINER_PATH,
      "--set-var",
      "HOME=/root",
      ...vars.flatMap((v) => ["--set-var", v]),
    ];
  }

  /** Runs argv inside the container (no shell unless argv names one); the exit code is the program's. */
  async exec(ctid: number, argv: string[], opts: { input?: string } = {}): Promise<RunResult> {
    if (argv.length === 0) throw new AgentError("BAD_REQUEST", "No command given");
    if (!(await this.isRunning(ctid))) throw new AgentError("VE_NOT_RUNNING", "Container is not running");
    return run("lxc-attach", [...this.attachArgs(ctid), "--", ...argv], { input: opts.input });
  }

  async execInteractive(ctid: number, argv: string[]): Promise<number> {
    if (!(await this.isRunning(ctid))) throw new AgentError("VE_NOT_RUNNING", "Container is not running");
    return runInteractive("lxc-attach", [...this.attachArgs(ctid), "--", ...argv]);
  }

  /**
   * The `lxc-attach` argv of a root login shell in the container (bash -l if the container has it, else sh -l),
   * as `vzctl enter` and the browser console run it. Given a terminal on stdin, lxc-attach makes a pty inside
   * the container and forwards window-size changes to it.
   */
  async loginShellArgs(ctid: number, vars?: string[]): Promise<string[]> {
    if (!(await this.isRunning(ctid))) throw new AgentError("VE_NOT_RUNNING", "Container is not running");
    const hasBash = (await this.exec(ctid, ["test", "-x", "/bin/bash"])).code === 0;
    return [...this.attachArgs(ctid, vars), "--", hasBash ? "/bin/bash" : "/bin/sh", "-l"];
  }

  async enter(ctid: number): Promise<number> {
    const args = await this.loginShellArgs(ctid);
    process.stderr.write("entered into CT\n");
    const code = await runInteractive("lxc-attach", args);
    process.stderr.write("exited from CT\n");
    return code;
  }

  async criuCheck(): Promise<string | null> {
    try {
      const r = await run("criu", ["check"]);
      if (r.code === 0) return null;
      return (
        (r.stderr || r.stdout).trim().split("\n").filter(Boolean).slice(-1)[0] ?? `criu check exit ${r.code}`
      );
    } catch (err) {
      return (err as Error).message;
    }
  }

  private dumpDir(ctid: number): string {
    return path.join(this.paths.root, "dump", String(ctid));
  }

  async suspend(ctid: number, log: Log): Promise<void> {
    await this.withLock(ctid, async () => {
      if (!(await this.isRunning(ctid))) throw new AgentError("VE_NOT_RUNNING", "Container is not running");
      const why = await this.criuCheck();
      if (why) throw new AgentError("NOT_SUPPORTED", `Checkpointing is not supported on this host: ${why}`);
      log("Setting up checkpoint...");
      await fs.mkdir(this.dumpDir(ctid), { recursive: true, mode: 0o700 });
      const r = await run("lxc-checkpoint", [...this.lxcArgs(ctid), "-s", "-D", this.dumpDir(ctid)]);
      if (r.code !== 0) throw new AgentError("CHKPNT_ERROR", `Checkpointing failed: ${r.stderr.trim()}`);
      log("Checkpointing completed successfully");
    });
  }

  async resume(ctid: number, log: Log): Promise<void> {
    await this.withLock(ctid, async () => {
      if (await this.isRunning(ctid)) throw new AgentError("VE_RUNNING", "Container is already running");
      const why = await this.criuCheck();
      if (why) throw new AgentError("NOT_SUPPORTED", `Restoring is not supported on this host: ${why}`);
      if (!existsSync(this.dumpDir(ctid)))
        throw new AgentError("RESTORE_ERROR", "No checkpoint image for this container");
      log("Restoring container ...");
      if (!(await this.isMounted(ctid))) await this.mountImage(ctid);
      const r = await run("lxc-checkpoint", [...this.lxcArgs(ctid), "-r", "-D", this.dumpDir(ctid)]);
      if (r.code !== 0) throw new AgentError("RESTORE_ERROR", `Restoring failed: ${r.stderr.trim()}`);
      log("Restoring completed successfully");
    });
  }

  private async checkNameFree(name: string, ctid: number): Promise<void> {
    containerNameSchema.parse(name);
    for (const other of await this.listCtids()) {
      if (other === ctid) continue;
      if ((await this.readConfig(other))?.get("NAME") === name) {
        throw new AgentError("SET_NAME_ERROR", `Conflict: name ${name} already used by container ${other}`);
      }
    }
  }

  private async checkIpsFree(ips: string[], ctid: number): Promise<void> {
    const wanted = new Set(ips.map(stripPrefix));
    for (const other of await this.listCtids()) {
      if (other === ctid) continue;
      const conf = await this.readConfig(other);
      for (const ip of conf ? ipAddresses(conf) : []) {
        if (wanted.has(stripPrefix(ip)))
          throw new AgentError(
            "IP_INUSE",
            `IP address ${stripPrefix(ip)} is already used by container ${other}`,
          );
      }
    }
  }

  async set(ctid: number, params: SetParams, save: boolean, log: Log): Promise<void> {
    await this.withLock(ctid, () => this.setLocked(ctid, params, save, log));
  }

  private async setLocked(ctid: number, p: SetParams, save: boolean, log: Log): Promise<void> {
    const saved = await this.requireConfig(ctid);
    const running = await this.isRunning(ctid);
    const next = saved.clone();
    if (p.applyconfig) {
      const sample = await this.readSample(p.applyconfig);
      for (const k of RESOURCE_KEYS) {
        const v = sample.get(k);
        if (v !== undefined) next.set(k, v);
      }
    }
    if (p.hostname !== undefined) next.set("HOSTNAME", hostnameSchema.parse(p.hostname));
    if (p.nameserver)
      next.set("NAMESERVER", p.nameserver.map((ip) => stripPrefix(ipWithPrefixSchema.parse(ip))).join(" "));
    if (p.searchdomain)
      next.set("SEARCHDOMAIN", p.searchdomain.map((d) => hostnameSchema.parse(d)).join(" "));
    if (p.name !== undefined) {
      await this.checkNameFree(p.name, ctid);
      next.set("NAME", p.name);
    }
    if (p.description !== undefined) next.set("DESCRIPTION", descriptionSchema.parse(p.description));
    if (p.onboot !== undefined) next.set("ONBOOT", p.onboot ? "yes" : "no");
    if (p.physpages) next.set("PHYSPAGES", formatBarrierLimit(p.physpages));
    if (p.swappages) next.set("SWAPPAGES", formatBarrierLimit(p.swappages));
    if (p.numproc) next.set("NUMPROC", formatBarrierLimit(p.numproc));
    if (p.cpuunits !== undefined) next.set("CPUUNITS", formatValue(p.cpuunits));
    if (p.cpulimit !== undefined) next.set("CPULIMIT", formatValue(p.cpulimit));
    if (p.cpus !== undefined) next.set("CPUS", formatValue(p.cpus));
    if (p.diskinodes) next.set("DISKINODES", formatBarrierLimit(p.diskinodes));
    const oldIps = ipAddresses(saved);
    let ips = [...oldIps];
    const removed: string[] = [];
    if (p.ipdel) {
      const del = p.ipdel === "all" ? ips : p.ipdel.map((ip) => ipWithPrefixSchema.parse(ip));
      for (const ip of del) {
        if (ips.some((x) => stripPrefix(x) === stripPrefix(ip))) removed.push(ip);
      }
      ips = ips.filter((x) => !del.some((d) => stripPrefix(d) === stripPrefix(x)));
    }
    const added: string[] = [];
    for (const ip of p.ipadd ?? []) {
      ipWithPrefixSchema.parse(ip);
      if (ips.some((x) => stripPrefix(x) === stripPrefix(ip))) continue;
      added.push(ip);
      ips.push(ip);
    }
    if (added.length) await this.checkIpsFree(added, ctid);
    if (p.ipadd || p.ipdel) next.set("IP_ADDRESS", ips.join(" "));
    if (p.diskspace) next.set("DISKSPACE", formatBarrierLimit(p.diskspace));
    for (const u of p.userpasswd ?? []) {
      userNameSchema.parse(u.user);
      passwordSchema.parse(u.password);
    }

    if (!running && !save) {
      const onlyPasswd =
        p.userpasswd?.length &&
        Object.keys(p).filter((k) => (p as Record<string, unknown>)[k] !== undefined).length === 1;
      if (!onlyPasswd) {
        log("Container is not running: nothing applied. Use --save to change the configuration");
        if (!p.userpasswd?.length) return;
      }
    }

    // Disk size first: it is the only change that can be refused by the data itself.
    if (p.diskspace)
      await this.resizeDisk(ctid, diskSize(saved).bytes, diskSize(next).bytes, running, save, log);

    if (running) {
      const limits = limitsFromConfig(next, this.hostCpus);
      const current = limitsFromConfig(saved, this.hostCpus);
      const changed: Partial<typeof limits> = {};
      if (p.physpages || p.swappages || p.applyconfig) {
        changed.memoryBytes = limits.memoryBytes;
        changed.swapBytes = limits.swapBytes;
      }
      if (p.numproc || p.applyconfig) changed.numproc = limits.numproc;
      if (p.cpuunits !== undefined || p.applyconfig) changed.cpuShares = limits.cpuShares;
      if (p.cpulimit !== undefined || p.applyconfig) changed.cpuQuotaUs = limits.cpuQuotaUs;
      if (p.cpus !== undefined || p.applyconfig) changed.cpus = limits.cpus ?? `0-${this.hostCpus - 1}`;
      if (Object.keys(changed).length) {
        await this.cgroups.apply(ctid, changed, current);
        if (changed.memoryBytes !== undefined)
          log(
            `Setting memory limit: ${humanBytes(limits.memoryBytes)}, swap: ${humanBytes(limits.swapBytes)}`,
          );
        if (changed.numproc !== undefined) log(`Setting numproc: ${formatValue(limits.numproc)}`);
        if (changed.cpuShares !== undefined) log(`Setting CPU units: ${next.get("CPUUNITS") ?? 1000}`);
        if (changed.cpuQuotaUs !== undefined) log(`Setting CPU limit: ${next.get("CPULIMIT") ?? 0}`);
        if (changed.cpus !== undefined) log(`Setting CPUs: ${next.get("CPUS") ?? 0}`);
      }
      if (removed.length || added.length) {
        const pid = await this.initPid(ctid);
        const mode = this.netMode(next);
        if (removed.length) log(`Deleting IP address(es): ${removed.join(" ")}`);
        for (const ip of removed) await changeLiveAddress("del", pid, ctid, ip, mode, this.net);
        if (added.length) log(`Adding IP address(es): ${added.join(" ")}`);
        for (const ip of added) await changeLiveAddress("add", pid, ctid, ip, mode, this.net);
      }
      if (p.hostname !== undefined) {
        const h = next.get("HOSTNAME") ?? "";
        log(`Setting hostname: ${h}`);
        await this.writeFileLive(ctid, "/etc/hostname", `${h}\n`);
        const cur = await this.readFileLive(ctid, "/etc/hosts");
        await this.writeFileLive(
          ctid,
          "/etc/hosts",
          hostsContent(cur, h, saved.get("HOSTNAME"), ips.map(stripPrefix)[0]),
        );
        await this.exec(ctid, ["hostname", h]);
      }
      if (p.nameserver || p.searchdomain) {
        const cur = await this.readFileLive(ctid, "/etc/resolv.conf");
        await this.writeFileLive(
          ctid,
          "/etc/resolv.conf",
          resolvContent(
            cur,
            p.nameserver ? listValue(next, "NAMESERVER") : [],
            p.searchdomain ? listValue(next, "SEARCHDOMAIN") : [],
          ),
        );
        log("File resolv.conf was modified");
      }
    }

    if (p.userpasswd?.length) await this.setPasswords(ctid, p.userpasswd, running, log);
    if (p.name !== undefined) log(`Name ${p.name} assigned`);

    if (save) {
      await this.writeConfig(ctid, next);
      log(`Saved parameters for Container ${ctid}`);
    } else if (
      running &&
      Object.keys(p).some((k) => k !== "userpasswd" && (p as Record<string, unknown>)[k] !== undefined)
    ) {
      log(
        "WARNING: Settings were not saved and will be reset to original values on next start (use --save flag)",
      );
    }
  }

  private async readFileLive(ctid: number, file: string): Promise<string | null> {
    const r = await this.exec(ctid, ["cat", file]);
    return r.code === 0 ? r.stdout : null;
  }

  /** Inside a running container files are written by its own tee, in its own mount namespace. */
  private async writeFileLive(ctid: number, file: string, content: string): Promise<void> {
    const r = await this.exec(ctid, ["tee", file], { input: content });
    if (r.code !== 0)
      throw new AgentError(
        "SYSTEM_ERROR",
        `Unable to write ${file} inside the container: ${r.stderr.trim()}`,
      );
  }

  private async setPasswords(
    ctid: number,
    users: { user: string; password: string }[],
    running: boolean,
    log: Log,
  ): Promise<void> {
    // vzctl sets passwords with the container's own tools; a stopped container is started for it and stopped again.
    if (!running) await this.startLocked(ctid, () => {});
    try {
      for (const { user, password } of users) {
        const passwd = (await this.readFileLive(ctid, "/etc/passwd")) ?? "";
        if (!passwd.split("\n").some((l) => l.split(":")[0] === user)) {
          let r = await this.exec(ctid, ["useradd", "-m", "-s", "/bin/sh", "--", user]);
          if (r.code === 127 || /not found|Failed to exec/.test(r.stderr))
            r = await this.exec(ctid, ["adduser", "-D", "-s", "/bin/sh", user]);
          if (r.code !== 0)
            throw new AgentError("SYSTEM_ERROR", `Unable to create user ${user}: ${r.stderr.trim()}`);
        }
        // The password travels on stdin only; it never appears in an argument list.
        const r = await this.exec(ctid, ["chpasswd"], { input: `${user}:${password}\n` });
        if (r.code !== 0)
          throw new AgentError("SYSTEM_ERROR", `Unable to change password for ${user}: ${r.stderr.trim()}`);
      }
    } finally {
      if (!running) await this.stopLocked(ctid, { timeoutSec: 10 }, () => {});
    }
    log("Password(s) changed");
  }

  private async resizeDisk(
    ctid: number,
    oldBytes: number,
    newBytes: number,
    running: boolean,
    save: boolean,
    log: Log,
  ): Promise<void> {
    if (newBytes === oldBytes) return;
    if (!save) {
      log("WARNING: diskspace is the size of the disk image; it is only changed with --save");
      return;
    }
    const img = this.paths.image(ctid);
    if (newBytes > oldBytes) {
      await runOk("truncate", ["-s", String(newBytes), "--", img]);
      const mounted = await this.isMounted(ctid);
      if (mounted) {
        for (const dev of await this.loopsOf(ctid)) {
          await runOk("losetup", ["-c", dev]);
          const r = await run("resize2fs", [dev]);
          if (r.code !== 0 && /Permission denied/.test(r.stderr)) {
            // Online ext4 resize needs CAP_SYS_RESOURCE; without it the image is already larger and the
            // file system is grown offline at the next start.
            await fs.writeFile(this.growMarker(ctid), "");
            log(
              `WARNING: online resize is not permitted on this host (${hasCapSysResource() ? "refused by the kernel" : "CAP_SYS_RESOURCE missing"}); the file system grows to ${humanBytes(newBytes)} at the next start`,
            );
            return;
          }
          if (r.code !== 0) throw new AgentError("SYSTEM_ERROR", `resize2fs failed: ${r.stderr.trim()}`);
        }
      } else {
        await run("e2fsck", ["-f", "-p", img]);
        await runOk("resize2fs", [img]);
      }
      log(`Disk space grown to ${humanBytes(newBytes)}`);
      return;
    }
    if (running || (await this.isMounted(ctid))) {
      throw new AgentError(
        "VE_RUNNING",
        "Disk space can only be shrunk while the container is stopped and unmounted",
      );
    }
    await run("e2fsck", ["-f", "-p", img]);
    const min = await runOk("resize2fs", ["-P", img]);
    const blocks = Number(/(\d+)\s*$/.exec(min.trim())?.[1] ?? Number.NaN);
    const blockSize = Number(/Block size:\s*(\d+)/.exec(await runOk("dumpe2fs", ["-h", img]))?.[1] ?? 4096);
    if (!Number.isFinite(blocks) || blocks * blockSize > newBytes) {
      throw new AgentError(
        "DISK_SPACE",
        `Unable to shrink disk space to ${humanBytes(newBytes)}: the data needs at least ${humanBytes(blocks * blockSize)}`,
      );
    }
    await runOk("resize2fs", [img, `${Math.floor(newBytes / 1024)}K`]);
    await runOk("truncate", ["-s", String(newBytes), "--", img]);
    log(`Disk space shrunk to ${humanBytes(newBytes)}`);
  }

  /** Starts the containers marked ONBOOT="yes" (called when `serve` starts). */
  async startOnboot(log: Log): Promise<number[]> {
    const started: number[] = [];
    for (const ctid of await this.listCtids()) {
      const conf = await this.readConfig(ctid);
      if (!conf || !isOnboot(conf) || (await this.isRunning(ctid))) continue;
      try {
        await this.start(ctid, (l) => log(`CT ${ctid}: ${l}`));
        started.push(ctid);
      } catch (err) {
        log(`CT ${ctid}: onboot start failed: ${(err as Error).message}`);
      }
    }
    return started;
  }

  /** Used by tests and uninstall: cgroup parents LXC leaves once all containers are gone. */
  async cleanupCgroups(): Promise<void> {
    await this.cgroups.removeParents();
  }
}

/** Online ext4 resize (EXT4_IOC_RESIZE_FS) requires CAP_SYS_RESOURCE (capability 24). */
export function hasCapSysResource(): boolean {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const eff = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? "0";
    return (BigInt(`0x${eff}`) & (1n << 24n)) !== 0n;
  } catch {
    return false;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Fault injection for the crash tests: BERTH_AGENT_FAULT=<point> kills the process right there. */
export function faultPoint(name: string): void {
  if (process.env.BERTH_AGENT_FAULT === name) process.kill(process.pid, "SIGKILL");
}

export { PAGE_SIZE };
