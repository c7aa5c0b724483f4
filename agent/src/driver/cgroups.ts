import { existsSync, readdirSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

// Resource limits of a container live in its cgroup. Each agent (data dir) puts its containers under
// its own parent cgroup, berth.<tag>/<CTID>, set through lxc.cgroup.dir.*, so the files are found by
// path without asking LXC, and two agents on one host (tests) never share a cgroup.

export type CgroupVersion = 1 | 2;

const ROOT = "/sys/fs/cgroup";

export function detectCgroupVersion(): CgroupVersion {
  // A v1 host mounts one directory per controller; a unified-only host has cgroup.controllers at the root.
  return existsSync(path.join(ROOT, "memory", "memory.limit_in_bytes")) ? 1 : 2;
}

export type Limits = {
  memoryBytes: number; // Infinity = unlimited
  swapBytes: number;
  numproc: number;
  cpuShares: number; // vzctl cpuunits converted
  cpuQuotaUs: number; // per 100 ms period; Infinity = unlimited
  cpus: string | null; // cpuset list, null = all
};

export const CPU_PERIOD_US = 100_000;

export class Cgroups {
  readonly version: CgroupVersion;

  constructor(
    readonly parent: string,
    version?: CgroupVersion,
  ) {
    this.version = version ?? detectCgroupVersion();
  }

  dir(controller: string, ctid: number): string {
    return this.version === 1
      ? path.join(ROOT, controller, this.parent, String(ctid))
      : path.join(ROOT, this.parent, String(ctid));
  }

  /** The LXC config lines that put the container in our cgroup and apply the limits at start. */
  lxcLines(ctid: number, limits: Limits): string[] {
    const lines = [
      `lxc.cgroup.dir.container = ${this.parent}/${ctid}`,
      `lxc.cgroup.dir.monitor = ${this.parent}.monitor/${ctid}`,
    ];
    for (const [file, value] of this.limitFiles(limits)) {
      lines.push(`${this.version === 1 ? "lxc.cgroup" : "lxc.cgroup2"}.${file} = ${value}`);
    }
    return lines;
  }

  private limitFiles(l: Limits): [string, string][] {
    const out: [string, string][] = [];
    if (this.version === 1) {
      const mem = Number.isFinite(l.memoryBytes) ? String(l.memoryBytes) : "-1";
      out.push(["memory.limit_in_bytes", mem]);
      if (existsSync(path.join(ROOT, "memory", "memory.memsw.limit_in_bytes"))) {
        const memsw =
          Number.isFinite(l.memoryBytes) && Number.isFinite(l.swapBytes)
            ? String(l.memoryBytes + l.swapBytes)
            : "-1";
        out.push(["memory.memsw.limit_in_bytes", memsw]);
      }
      out.push(["pids.max", Number.isFinite(l.numproc) ? String(l.numproc) : "max"]);
      out.push(["cpu.shares", String(l.cpuShares)]);
      out.push(["cpu.cfs_period_us", String(CPU_PERIOD_US)]);
      out.push(["cpu.cfs_quota_us", Number.isFinite(l.cpuQuotaUs) ? String(l.cpuQuotaUs) : "-1"]);
      if (l.cpus) out.push(["cpuset.cpus", l.cpus]);
    } else {
      out.push(["memory.max", Number.isFinite(l.memoryBytes) ? String(l.memoryBytes) : "max"]);
      out.push(["memory.swap.max", Number.isFinite(l.swapBytes) ? String(l.swapBytes) : "max"]);
      out.push(["pids.max", Number.isFinite(l.numproc) ? String(l.numproc) : "max"]);
      // cgroup v2 weight 1..10000, default 100 for shares 1024.
      out.push(["cpu.weight", String(Math.max(1, Math.min(10000, Math.round((l.cpuShares * 100) / 1024))))]);
      out.push(["cpu.max", `${Number.isFinite(l.cpuQuotaUs) ? l.cpuQuotaUs : "max"} ${CPU_PERIOD_US}`]);
      if (l.cpus) out.push(["cpuset.cpus", l.cpus]);
    }
    return out;
  }

  /** Writes the limits into a running container's cgroup files, taking effect at once. */
  async apply(ctid: number, limits: Partial<Limits>, current: Limits): Promise<void> {
    const merged: Limits = { ...current, ...limits };
    const files = this.limitFiles(merged);
    const wanted = new Set<string>();
    if (limits.memoryBytes !== undefined || limits.swapBytes !== undefined) {
      for (const f of [
        "memory.limit_in_bytes",
        "memory.memsw.limit_in_bytes",
        "memory.max",
        "memory.swap.max",
      ])
        wanted.add(f);
    }
    if (limits.numproc !== undefined) wanted.add("pids.max");
    if (limits.cpuShares !== undefined) for (const f of ["cpu.shares", "cpu.weight"]) wanted.add(f);
    if (limits.cpuQuotaUs !== undefined) for (const f of ["cpu.cfs_quota_us", "cpu.max"]) wanted.add(f);
    if (limits.cpus !== undefined) wanted.add("cpuset.cpus");
    const selected = files.filter(([f]) => wanted.has(f));
    // v1 refuses memory.limit_in_bytes > memsw and memsw < limit: order the two writes by direction.
    if (this.version === 1) {
      const memsw = selected.find(([f]) => f === "memory.memsw.limit_in_bytes");
      const mem = selected.find(([f]) => f === "memory.limit_in_bytes");
      if (mem && memsw) {
        const cur = await this.readNumber("memory", ctid, "memory.limit_in_bytes");
        const next = mem[1] === "-1" ? Number.POSITIVE_INFINITY : Number(mem[1]);
        const order = next > (cur ?? 0) ? [memsw, mem] : [mem, memsw];
        for (const [f, v] of order) await this.write(f, ctid, v);
        for (const [f, v] of selected) if (f !== mem[0] && f !== memsw[0]) await this.write(f, ctid, v);
        return;
      }
    }
    for (const [f, v] of selected) await this.write(f, ctid, v);
  }

  private controllerOf(file: string): string {
    return file.split(".")[0] ?? file;
  }

  async write(file: string, ctid: number, value: string): Promise<void> {
    const p = path.join(this.dir(this.controllerOf(file), ctid), file);
    await fs.writeFile(p, value);
  }

  async read(controller: string, ctid: number, file: string): Promise<string | null> {
    try {
      // cgroup files live in memory and never block: a synchronous read skips the thread pool and a
      // promise per file, which keeps reading 200 containers cheap.
      return readFileSync(path.join(this.dir(controller, ctid), file), "utf8");
    } catch {
      return null;
    }
  }

  async readNumber(controller: string, ctid: number, file: string): Promise<number | null> {
    const t = await this.read(controller, ctid, file);
    if (t === null) return null;
    const s = t.trim();
    if (s === "max") return Number.POSITIVE_INFINITY;
    const n = Number(s);
    return Number.isFinite(n) ? n : null;
  }

  /**
   * Running means the container's cgroup subtree has tasks. pids.current counts the whole subtree: a
   * systemd container moves its processes into child cgroups (init.scope, system.slice), leaving the
   * top cgroup.procs empty. Cheap: one small file read.
   */
  async isRunning(ctid: number): Promise<boolean> {
    const n = await this.readNumber("pids", ctid, "pids.current");
    return n !== null && n > 0;
  }

  /** Every process of the container, from cgroup.procs of its cgroup and all cgroups below it. */
  async pids(ctid: number): Promise<number[]> {
    const out: number[] = [];
    const walk = (dir: string, depth: number): void => {
      let procs = "";
      try {
        procs = readFileSync(path.join(dir, "cgroup.procs"), "utf8");
      } catch {
        return;
      }
      for (const l of procs.split("\n")) if (l) out.push(Number(l));
      if (depth > 8) return;
      for (const e of readdirSync(dir, { withFileTypes: true }))
        if (e.isDirectory()) walk(path.join(dir, e.name), depth + 1);
    };
    walk(this.dir("pids", ctid), 0);
    return out;
  }

  /** Removes the empty parent cgroups LXC leaves behind (tests, uninstall). */
  async removeParents(): Promise<void> {
    const bases = this.version === 1 ? (await fs.readdir(ROOT)).map((c) => path.join(ROOT, c)) : [ROOT];
    for (const base of bases) {
      for (const p of [this.parent, `${this.parent}.monitor`]) {
        const dir = path.join(base, p);
        if (!existsSync(dir)) continue;
        for (const child of await fs.readdir(dir, { withFileTypes: true })) {
          if (child.isDirectory()) await fs.rmdir(path.join(dir, child.name)).catch(() => {});
        }
        await fs.rmdir(dir).catch(() => {});
      }
    }
  }
}
