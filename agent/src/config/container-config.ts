import { type BarrierLimit, PAGE_SIZE, parseBarrierLimit, parseValue } from "../../protocol/sizes";
import type { Limits } from "../driver/cgroups";
import type { VzConfig } from "./vz-config";

// Typed reading of a container's vzctl config. Units as in ctid.conf(5): PHYSPAGES/SWAPPAGES in 4 KiB
// pages, DISKSPACE in 1 KiB blocks, DISKINODES in inodes, CPULIMIT in percent of one CPU.

/** The resource keys a config sample sets; `--applyconfig` copies them, the inventory reports them. */
export const RESOURCE_KEYS = [
  "PHYSPAGES",
  "SWAPPAGES",
  "NUMPROC",
  "CPUUNITS",
  "CPULIMIT",
  "CPUS",
  "DISKSPACE",
  "DISKINODES",
  "KMEMSIZE",
  "PRIVVMPAGES",
  "NUMFILE",
  "NUMPTY",
] as const;

const UNL: BarrierLimit = { barrier: Number.POSITIVE_INFINITY, limit: Number.POSITIVE_INFINITY };

export function readBarrierLimit(
  conf: VzConfig,
  key: string,
  unitBytes: number,
  fallback: BarrierLimit = UNL,
): BarrierLimit {
  const v = conf.get(key);
  if (v === undefined || v === "") return fallback;
  return parseBarrierLimit(v, unitBytes);
}

export function readNumber(conf: VzConfig, key: string, fallback: number): number {
  const v = conf.get(key);
  if (v === undefined || v === "") return fallback;
  return parseValue(v, 1);
}

export function listValue(conf: VzConfig, key: string): string[] {
  return (conf.get(key) ?? "").split(/\s+/).filter(Boolean);
}

export function ipAddresses(conf: VzConfig): string[] {
  return listValue(conf, "IP_ADDRESS");
}

export function isOnboot(conf: VzConfig): boolean {
  return conf.get("ONBOOT") === "yes";
}

export function diskSize(conf: VzConfig): { bytes: number; inodes: number } {
  const ds = readBarrierLimit(conf, "DISKSPACE", 1024, { barrier: 2 * 1024 * 1024, limit: 2 * 1024 * 1024 });
  const blocks = Number.isFinite(ds.limit) ? ds.limit : ds.barrier;
  if (!Number.isFinite(blocks))
    throw new Error("DISKSPACE must be finite: it is the size of the container's disk image");
  const di = readBarrierLimit(conf, "DISKINODES", 1);
  return { bytes: blocks * 1024, inodes: Number.isFinite(di.limit) ? di.limit : 0 };
}

/** Host CPU count, for CPUS and cpu limits. */
export function limitsFromConfig(conf: VzConfig, hostCpus: number): Limits {
  const phys = readBarrierLimit(conf, "PHYSPAGES", PAGE_SIZE);
  const swap = readBarrierLimit(conf, "SWAPPAGES", PAGE_SIZE, { barrier: 0, limit: 0 });
  const numproc = readBarrierLimit(conf, "NUMPROC", 1);
  const cpuunits = readNumber(conf, "CPUUNITS", 1000);
  const cpulimit = readNumber(conf, "CPULIMIT", 0);
  const cpus = readNumber(conf, "CPUS", 0);
  return {
    memoryBytes: Number.isFinite(phys.limit) ? phys.limit * PAGE_SIZE : Number.POSITIVE_INFINITY,
    swapBytes: Number.isFinite(swap.limit) ? swap.limit * PAGE_SIZE : Number.POSITIVE_INFINITY,
    numproc: numproc.limit,
    // OpenVZ's default of 1000 cpuunits is the kernel's default weight of 1024 shares.
    cpuShares: Math.max(2, Math.round((Number.isFinite(cpuunits) ? cpuunits : 1000) * 1.024)),
    cpuQuotaUs:
      cpulimit > 0 && Number.isFinite(cpulimit)
        ? Math.round((cpulimit / 100) * 100_000)
        : Number.POSITIVE_INFINITY,
    cpus:
      cpus > 0 && Number.isFinite(cpus)
        ? Math.min(cpus, hostCpus) === 1
          ? "0"
          : `0-${Math.min(cpus, hostCpus) - 1}`
        : null,
  };
}
