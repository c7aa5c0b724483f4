import fs from "node:fs/promises";
import os from "node:os";
import { sampleNameSchema } from "../../protocol/fields";
import { formatBarrierLimit, PAGE_SIZE } from "../../protocol/sizes";
import { VzConfig } from "../config/vz-config";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { reportError } from "./vzctl";

// vzsplit(8): a config sample giving each of N containers an equal share of this host.
// RAM: host memory minus a reserve for the host itself; swap: the same again (vswap style);
// disk: the free space of the data directory; processes and files scale with RAM.

export function splitHost(
  n: number,
  host: { memBytes: number; diskFreeBytes: number; cpus: number },
  swapBytes?: number,
): VzConfig {
  const reserve = Math.min(host.memBytes * 0.1, 1024 ** 3);
  const ramPages = Math.max(16 * 1024 * 1024, Math.floor((host.memBytes - reserve) / n)) / PAGE_SIZE;
  const swapPages = swapBytes !== undefined ? Math.floor(swapBytes / PAGE_SIZE) : ramPages;
  const diskKb = Math.max(256 * 1024, Math.floor((host.diskFreeBytes * 0.9) / n / 1024));
  const numproc = Math.max(64, Math.min(32768, Math.floor((ramPages * PAGE_SIZE) / (1024 * 1024))));
  const c = new VzConfig();
  c.lines.push({
    kind: "other",
    text: `# Sample made by vzsplit for ${n} containers on a host with ${host.cpus} CPUs, ${Math.round(host.memBytes / 1024 ** 2)} MiB RAM`,
  });
  c.set("PHYSPAGES", formatBarrierLimit({ barrier: 0, limit: Math.floor(ramPages) }));
  c.set("SWAPPAGES", formatBarrierLimit({ barrier: 0, limit: Math.floor(swapPages) }));
  c.set("KMEMSIZE", "unlimited");
  c.set("PRIVVMPAGES", "unlimited");
  c.set("NUMPROC", formatBarrierLimit({ barrier: numproc, limit: numproc }));
  c.set("NUMFILE", formatBarrierLimit({ barrier: numproc * 16, limit: numproc * 16 }));
  c.set("NUMPTY", "64:64");
  c.set("DISKSPACE", formatBarrierLimit({ barrier: diskKb, limit: diskKb }));
  const inodes = Math.floor(diskKb / 16);
  c.set("DISKINODES", formatBarrierLimit({ barrier: inodes, limit: inodes }));
  c.set("CPUUNITS", String(Math.max(8, Math.floor(500_000 / n))));
  c.set("CPULIMIT", "0");
  c.set("CPUS", "0");
  c.set("ONBOOT", "no");
  return c;
}

export async function vzsplitMain(driver: LxcDriver, argv: string[]): Promise<number> {
  try {
    let n: number | null = null;
    let name: string | null = null;
    let swap: number | undefined;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === "-n" || a === "--num") n = Number(argv[++i]);
      else if (a === "-f" || a === "--config") name = argv[++i] ?? null;
      else if (a === "-s" || a === "--swap") swap = Number(argv[++i]) * 1024;
      else
        throw new AgentError(
          "BAD_REQUEST",
          `Invalid option: ${a}\nUsage: vzsplit -n <num> -f <config_name> [-s <swap_kb>]`,
        );
    }
    if (!n || !Number.isInteger(n) || n < 1 || n > 100000)
      throw new AgentError(
        "BAD_REQUEST",
        "Usage: vzsplit -n <num> -f <config_name>: number of containers 1..100000",
      );
    if (!name || !sampleNameSchema.safeParse(name).success)
      throw new AgentError(
        "BAD_REQUEST",
        "Usage: vzsplit -n <num> -f <config_name>: invalid or missing name",
      );
    await driver.init();
    const st = await fs.statfs(driver.paths.root);
    const conf = splitHost(
      n,
      { memBytes: os.totalmem(), diskFreeBytes: st.bavail * st.bsize, cpus: os.availableParallelism() },
      swap,
    );
    const file = driver.paths.sample(name);
    await fs.writeFile(file, conf.format(), { flag: "wx" }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "EEXIST") throw new AgentError("BAD_REQUEST", `File ${file} already exists`);
      throw err;
    });
    process.stdout.write(`Config ${file} was created\n`);
    return 0;
  } catch (err) {
    return reportError(err);
  }
}
