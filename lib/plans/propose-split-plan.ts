// "Split this node into N" (vzsplit): a plan giving each of N containers an equal share of a node.
// Pure, so it is tested without a database; lib/plans/propose-node-split.ts loads the node and authorizes.

import { MIN_DISK_MB, MIN_RAM_MB, type PlanValues } from "./schemas";

export const MAX_SPLIT = 10_000;

export type SplitHost = { name: string; cpus: number; memoryMb: number; diskMb: number };

export type SplitProposal =
  | { ok: true; plan: PlanValues; reservedMemoryMb: number; reservedDiskMb: number }
  | { ok: false; message: string; maxCount?: number };

/**
 * Memory kept for the host (kernel, agent, page cache for the disk images): 10 % of its RAM, at least
 * 256 MiB and at most 2 GiB. A host that is short of memory takes every container down with it.
 */
export function hostMemoryReserveMb(memoryMb: number): number {
  return Math.min(Math.max(Math.round(memoryMb * 0.1), 256), 2048);
}

/** Disk kept for the host (templates, logs, ext4 reserved blocks): 10 %, at least 2 GiB, at most 100 GiB. */
export function hostDiskReserveMb(diskMb: number): number {
  return Math.min(Math.max(Math.round(diskMb * 0.1), 2048), 100 * 1024);
}

export function proposeSplitPlan(host: SplitHost, count: number): SplitProposal {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SPLIT) {
    return { ok: false, message: `The number of containers must be a whole number from 1 to ${MAX_SPLIT}.` };
  }
  const reservedMemoryMb = hostMemoryReserveMb(host.memoryMb);
  const reservedDiskMb = hostDiskReserveMb(host.diskMb);
  const ramMb = Math.floor((host.memoryMb - reservedMemoryMb) / count);
  const diskMb = Math.floor((host.diskMb - reservedDiskMb) / count);
  const maxByRam = Math.floor((host.memoryMb - reservedMemoryMb) / MIN_RAM_MB);
  const maxByDisk = Math.floor((host.diskMb - reservedDiskMb) / MIN_DISK_MB);
  const maxCount = Math.max(0, Math.min(maxByRam, maxByDisk));
  if (ramMb < MIN_RAM_MB || diskMb < MIN_DISK_MB) {
    const what =
      ramMb < MIN_RAM_MB
        ? `${ramMb} MiB of RAM each, below the ${MIN_RAM_MB} MiB minimum`
        : `${diskMb} MiB of disk each, below the ${MIN_DISK_MB} MiB minimum`;
    const fix = maxCount >= 1 ? `Choose ${maxCount} or fewer.` : "This node is too small to split.";
    return {
      ok: false,
      message: `Splitting node ${host.name} into ${count} leaves ${what} (after keeping ${reservedMemoryMb} MiB RAM and ${reservedDiskMb} MiB disk for the host). ${fix}`,
      maxCount,
    };
  }
  // Processes and open files scale with memory, as in vzctl's samples (256 MiB: 512 processes, 8192 files).
  const numproc = clamp(ramMb * 2, 128, 32_768);
  // One inode per 16 KiB of disk, the ratio of the stock samples (2 GiB: 131072 inodes).
  const diskinodes = Math.min(diskMb * 64, 2 ** 31 - 1);
  return {
    ok: true,
    reservedMemoryMb,
    reservedDiskMb,
    plan: {
      ramMb,
      // vswap: each container may swap as much as its RAM; swap is charged, not reserved, on the host.
      swapMb: ramMb,
      numproc,
      // Equal weights give equal CPU shares under contention; no hard cap, so an idle node is not wasted.
      cpuunits: 1000,
      cpulimit: null,
      cpus: null,
      diskspaceMb: diskMb,
      diskspaceLimitMb: diskMb,
      diskinodes,
      diskinodesLimit: diskinodes,
      numpty: 64,
      numfile: numproc * 16,
      bandwidthMbit: null,
    },
  };
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(Math.max(v, min), max);
}
