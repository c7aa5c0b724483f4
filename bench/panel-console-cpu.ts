// CPU time of each process on the console's path, from /proc: on a 2-core machine shared with other work,
// throughput swings with the load, while the CPU milliseconds each hop spends per megabyte hold steady and
// show where the ceiling is (a hop that needs N ms per MB cannot pass more than 1000/N MB/s on one core).
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

type Proc = { pid: number; ppid: number; comm: string; cpuMs: number };

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const f = stat.slice(close + 2).split(" ");
    // fields after the comm: state ppid ... utime(12th) stime(13th), counted from state as 1st
    return { pid, ppid: Number(f[1]), comm, cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS };
  } catch {
    return null; // gone meanwhile
  }
}

function chromiumType(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    const type = /--type=([a-z-]+)/.exec(cmd)?.[1];
    if (type === "utility") return /--utility-sub-type=network/.test(cmd) ? "network" : "utility";
    return type ?? "browser";
  } catch {
    return "?";
  }
}

/**
 * CPU ms so far of the long-lived processes under this bench, by role: the bench itself, the panel, the
 * agent, lxc-attach, and Chromium's processes by type (renderer, gpu-process, network, browser).
 */
export function cpuByRole(roles: { panel?: number; agent?: number }): Map<string, number> {
  const procs = new Map<number, Proc>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) procs.set(p.pid, p);
  }
  const isUnder = (p: Proc, root: number) => {
    for (let q: Proc | undefined = p, i = 0; q && i < 64; q = procs.get(q.ppid), i++)
      if (q.pid === root) return true;
    return false;
  };
  const out = new Map<string, number>();
  const add = (role: string, ms: number) => out.set(role, (out.get(role) ?? 0) + ms);
  for (const p of procs.values()) {
    if (!isUnder(p, process.pid)) continue;
    if (p.pid === process.pid) add("bench", p.cpuMs);
    else if (p.pid === roles.panel) add("panel", p.cpuMs);
    else if (p.pid === roles.agent) add("agent", p.cpuMs);
    // lxc-attach re-executes itself from a memfd, which is what its comm then says
    else if (p.comm.includes("lxc-attac")) add("lxc-attach", p.cpuMs);
    else if (p.comm.startsWith("chrom")) add(`chromium ${chromiumType(p.pid)}`, p.cpuMs);
    else add(p.comm, p.cpuMs);
  }
  return out;
}

/** "role N ms/MB" for each role that spent at least 1 ms per MB between two snapshots. */
export function cpuPerMb(before: Map<string, number>, after: Map<string, number>, mb: number): string {
  const parts: string[] = [];
  for (const [role, ms] of after) {
    const perMb = (ms - (before.get(role) ?? 0)) / mb;
    if (perMb >= 1) parts.push(`${role} ${perMb.toFixed(0)}`);
  }
  return parts.length ? `CPU ms per MB: ${parts.join(", ")}` : "CPU ms per MB: -";
}
