import { readdirSync, readFileSync, statfsSync, statSync } from "node:fs";
import { PAGE_SIZE } from "../../protocol/sizes";
import { readBarrierLimit } from "../config/container-config";
import { VzConfig } from "../config/vz-config";
import type { LxcDriver } from "../driver/lxc-driver";
import { vethName } from "../driver/network";
import { containerTraffic, type NetTraffic, readHostNetDev, vethPairNames } from "./net-traffic";

// OpenVZ beancounters rebuilt from cgroup files and the disk image. Sources (cgroup v1 / v2):
//   physpages  held = memory.usage_in_bytes / memory.current; maxheld = max_usage_in_bytes / memory.peak;
//              failcnt = max(memory.failcnt, OOM kills) / max(memory.events "max", "oom_kill")   (pages)
//   swappages  held = memsw.usage - usage / memory.swap.current; failcnt = memsw.failcnt / swap events "max"
//   kmemsize   held = memory.kmem.usage_in_bytes / memory.stat "kernel"; failcnt = kmem.failcnt  (bytes)
//   numproc    held = pids.current; failcnt = pids.events "max" (forks refused at the limit)
//   privvmpages approximate: rss + swap of the cgroup (total_rss + total_swap / anon + swap), not the sum of
//              private mappings OpenVZ counted, which would cost a walk of every process's maps
//   numpty     entries of the container's /dev/pts (through /proc/<init>/root), minus ptmx
//   numfile    open file descriptors of the container's processes (/proc/<pid>/fd)
//   diskspace  statfs of the mounted image (1 KiB blocks);  diskinodes  statfs files
//   cpu        cpuacct.usage / cpu.stat usage_usec, in nanoseconds (held only)
// Beside the counters, `net`: a running container's received/transmitted bytes (see net-traffic.ts).
// maxheld comes from the kernel where it keeps a peak (memory) and otherwise from the largest value this
// process has seen, as barrier/limit come from the container's config.

export type Beancounter = {
  resource: string;
  held: number;
  maxheld: number;
  barrier: number;
  limit: number;
  failcnt: number;
};
export type ContainerBeancounters = {
  ctid: number;
  running: boolean;
  counters: Beancounter[];
  /** Bytes as seen from inside, since the container's last start; absent when not running. */
  net?: NetTraffic;
};

const INF = Number.POSITIVE_INFINITY;
const seenMax = new Map<string, number>();

function track(ctid: number, resource: string, held: number, kernelMax?: number | null): number {
  const key = `${ctid}:${resource}`;
  const m = Math.max(held, kernelMax ?? 0, seenMax.get(key) ?? 0);
  seenMax.set(key, m);
  return m;
}

function statValue(text: string | null, key: string): number {
  if (!text) return 0;
  const m = new RegExp(`^${key} (\\d+)$`, "m").exec(text);
  return m?.[1] ? Number(m[1]) : 0;
}

export async function readBeancounters(
  driver: LxcDriver,
  ctid: number,
  conf: VzConfig,
  hostNetDev?: Map<string, NetTraffic>,
): Promise<ContainerBeancounters> {
  const cg = driver.cgroups;
  const running = await cg.isRunning(ctid);
  const bl = (key: string, unit: number) => readBarrierLimit(conf, key, unit);
  const counters: Beancounter[] = [];
  const push = (
    resource: string,
    held: number,
    maxheld: number,
    lim: { barrier: number; limit: number },
    failcnt: number,
  ) => counters.push({ resource, held, maxheld, barrier: lim.barrier, limit: lim.limit, failcnt });

  const v1 = cg.version === 1;
  const pids = running ? await cg.pids(ctid) : [];
  const [
    usage,
    maxUsage,
    memFail,
    memsw,
    memswFail,
    kmem,
    kmemMax,
    kmemFail,
    pidsCur,
    pidsEvents,
    memStat,
    cpuUsage,
    memEvents,
    swapCur,
    swapEvents,
    memPeak,
  ] = running
    ? await Promise.all([
        cg.readNumber("memory", ctid, v1 ? "memory.usage_in_bytes" : "memory.current"),
        v1 ? cg.readNumber("memory", ctid, "memory.max_usage_in_bytes") : Promise.resolve(null),
        v1 ? cg.readNumber("memory", ctid, "memory.failcnt") : Promise.resolve(null),
        v1 ? cg.readNumber("memory", ctid, "memory.memsw.usage_in_bytes") : Promise.resolve(null),
        v1 ? cg.readNumber("memory", ctid, "memory.memsw.failcnt") : Promise.resolve(null),
        v1 ? cg.readNumber("memory", ctid, "memory.kmem.usage_in_bytes") : Promise.resolve(null),
        v1 ? cg.readNumber("memory", ctid, "memory.kmem.max_usage_in_bytes") : Promise.resolve(null),
        v1 ? cg.readNumber("memory", ctid, "memory.kmem.failcnt") : Promise.resolve(null),
        cg.readNumber("pids", ctid, "pids.current"),
        cg.read("pids", ctid, "pids.events"),
        cg.read("memory", ctid, "memory.stat"),
        v1
          ? cg.readNumber("cpuacct", ctid, "cpuacct.usage")
          : cg.read("cpu", ctid, "cpu.stat").then((t) => statValue(t, "usage_usec") * 1000),
        v1 ? Promise.resolve(null) : cg.read("memory", ctid, "memory.events"),
        v1 ? Promise.resolve(null) : cg.readNumber("memory", ctid, "memory.swap.current"),
        v1 ? Promise.resolve(null) : cg.read("memory", ctid, "memory.swap.events"),
        v1 ? Promise.resolve(null) : cg.readNumber("memory", ctid, "memory.peak"),
      ])
    : [];

  const pages = (b: number | null | undefined) => Math.ceil((b ?? 0) / PAGE_SIZE);
  // Live limits: `vzctl set` without --save changes the cgroup only, so a running container's barrier and
  // limit are read back from the cgroup; the config gives them for a stopped one.
  const [memLimit, memswLimit, pidsMax, oomControl] = running
    ? await Promise.all([
        cg.readNumber("memory", ctid, v1 ? "memory.limit_in_bytes" : "memory.max"),
        cg.readNumber("memory", ctid, v1 ? "memory.memsw.limit_in_bytes" : "memory.swap.max"),
        cg.readNumber("pids", ctid, "pids.max"),
        v1 ? cg.read("memory", ctid, "memory.oom_control") : Promise.resolve(null),
      ])
    : [null, null, null, null];
  const liveLimit = (
    bytesOrCount: number | null | undefined,
    unit: number,
    fromConf: { barrier: number; limit: number },
  ) => {
    if (bytesOrCount === null || bytesOrCount === undefined) return fromConf;
    const v = bytesOrCount >= 2 ** 62 ? INF : Math.floor(bytesOrCount / unit);
    return { barrier: Math.min(fromConf.barrier, v), limit: v };
  };
  const physLim = liveLimit(memLimit, PAGE_SIZE, bl("PHYSPAGES", PAGE_SIZE));
  const swapLim = v1
    ? memswLimit !== null && memswLimit !== undefined && memLimit !== null && memLimit !== undefined
      ? liveLimit(
          memswLimit >= 2 ** 62 ? memswLimit : memswLimit - memLimit,
          PAGE_SIZE,
          bl("SWAPPAGES", PAGE_SIZE),
        )
      : bl("SWAPPAGES", PAGE_SIZE)
    : liveLimit(memswLimit, PAGE_SIZE, bl("SWAPPAGES", PAGE_SIZE));
  const procLim = liveLimit(pidsMax, 1, bl("NUMPROC", 1));
  // Recent kernels stopped counting failed charges in memory.failcnt on cgroup v1; OOM kills in the
  // container are counted too, so a memory hog always shows.
  const oomKills = v1 ? statValue(oomControl ?? null, "oom_kill") : statValue(memEvents ?? null, "oom_kill");
  const physHeld = pages(usage);
  push(
    "kmemsize",
    v1 ? (kmem ?? 0) : statValue(memStat ?? null, "kernel"),
    track(ctid, "kmemsize", v1 ? (kmem ?? 0) : statValue(memStat ?? null, "kernel"), kmemMax),
    bl("KMEMSIZE", 1),
    kmemFail ?? 0,
  );
  const privHeld = v1
    ? pages(statValue(memStat ?? null, "total_rss") + statValue(memStat ?? null, "total_swap"))
    : pages(statValue(memStat ?? null, "anon") + (swapCur ?? 0));
  push("privvmpages", privHeld, track(ctid, "privvmpages", privHeld), bl("PRIVVMPAGES", PAGE_SIZE), 0);
  const nproc = pidsCur ?? 0;
  push("numproc", nproc, track(ctid, "numproc", nproc), procLim, statValue(pidsEvents ?? null, "max"));
  push(
    "physpages",
    physHeld,
    track(ctid, "physpages", physHeld, v1 ? pages(maxUsage) : pages(memPeak)),
    physLim,
    Math.max(v1 ? (memFail ?? 0) : statValue(memEvents ?? null, "max"), oomKills),
  );
  const swapHeld = v1 ? Math.max(0, pages((memsw ?? 0) - (usage ?? 0))) : pages(swapCur);
  push(
    "swappages",
    swapHeld,
    track(ctid, "swappages", swapHeld),
    swapLim,
    v1 ? (memswFail ?? 0) : statValue(swapEvents ?? null, "max"),
  );

  let numpty = 0;
  let numfile = 0;
  if (running && pids.length) {
    // The first listed process is not always init; any process of the container sees the same /dev/pts.
    const ptys = safe(() => readdirSync(`/proc/${pids[0]}/root/dev/pts`), [] as string[]);
    numpty = ptys.filter((n) => /^\d+$/.test(n)).length;
    const fds = pids.map((p) => safe(() => readdirSync(`/proc/${p}/fd`).length, 0));
    numfile = fds.reduce((a, b) => a + b, 0);
  }
  push("numpty", numpty, track(ctid, "numpty", numpty), bl("NUMPTY", 1), 0);
  push("numfile", numfile, track(ctid, "numfile", numfile), bl("NUMFILE", 1), 0);

  let diskHeld = 0;
  let inodesHeld = 0;
  try {
    const st = statfsSync(driver.paths.rootfs(ctid));
    // Only a mounted image is measured; an unmounted mount point reports the host's file system.
    if (statSync(driver.paths.rootfs(ctid)).dev !== statSync(driver.paths.rootDir).dev) {
      diskHeld = Math.round(((st.blocks - st.bfree) * st.bsize) / 1024);
      inodesHeld = st.files - st.ffree;
    }
  } catch {
    // not mounted
  }
  push("diskspace", diskHeld, track(ctid, "diskspace", diskHeld), bl("DISKSPACE", 1024), 0);
  push("diskinodes", inodesHeld, track(ctid, "diskinodes", inodesHeld), bl("DISKINODES", 1), 0);
  push("cpu", cpuUsage ?? 0, cpuUsage ?? 0, { barrier: INF, limit: INF }, 0);
  const net = running ? readContainerTraffic(driver, ctid, hostNetDev ?? readHostNetDev()) : null;
  return net ? { ctid, running, counters, net } : { ctid, running, counters };
}

function readContainerTraffic(
  driver: LxcDriver,
  ctid: number,
  hostNetDev: Map<string, NetTraffic>,
): NetTraffic | null {
  const names = vethPairNames(safe(() => readFileSync(driver.paths.lxcConfig(ctid), "utf8"), ""));
  return containerTraffic(hostNetDev, names.length ? names : [vethName(ctid, driver.net)]);
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export async function readAllBeancounters(
  driver: LxcDriver,
  ctids?: number[],
): Promise<ContainerBeancounters[]> {
  const ids = ctids ?? (await driver.listCtids());
  // One container after another: every read below is a small synchronous one, so this is both the
  // fastest order and the one that allocates least.
  const out: ContainerBeancounters[] = [];
  const hostNetDev = readHostNetDev();
  for (const ctid of ids) {
    const conf = safe(() => VzConfig.parse(readFileSync(driver.paths.conf(ctid), "utf8")), null);
    if (conf) out.push(await readBeancounters(driver, ctid, conf, hostNetDev));
  }
  return out;
}

const LONG_MAX = "9223372036854775807";
const fmt = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : LONG_MAX);

/** The /proc/user_beancounters text format, one block per container. */
export function formatUserBeancounters(all: ContainerBeancounters[]): string {
  const lines = [
    "Version: 2.5",
    "       uid  resource                     held              maxheld              barrier                limit              failcnt",
  ];
  for (const ct of all) {
    ct.counters.forEach((c, i) => {
      const uid = i === 0 ? `${String(ct.ctid).padStart(10)}:` : " ".repeat(11);
      lines.push(
        `${uid}  ${c.resource.padEnd(12)} ${fmt(c.held).padStart(20)} ${fmt(c.maxheld).padStart(20)} ${fmt(c.barrier).padStart(20)} ${fmt(c.limit).padStart(20)} ${fmt(c.failcnt).padStart(20)}`,
      );
    });
  }
  return `${lines.join("\n")}\n`;
}

/** JSON-safe form: unlimited becomes null. */
export function beancountersJson(all: ContainerBeancounters[]): unknown {
  const n = (v: number) => (Number.isFinite(v) ? v : null);
  return all.map((ct) => ({
    ctid: ct.ctid,
    running: ct.running,
    counters: ct.counters.map((c) => ({
      resource: c.resource,
      held: n(c.held),
      maxheld: n(c.maxheld),
      barrier: n(c.barrier),
      limit: n(c.limit),
      failcnt: c.failcnt,
    })),
    ...(ct.net ? { net: { rxBytes: ct.net.rxBytes, txBytes: ct.net.txBytes } } : {}),
  }));
}
