import path from "node:path";
import { backupModeSchema, backupNameSchema } from "../../protocol/backups";
import { reportError } from "../cli/vzctl";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { BackupStore } from "./backup-store";
import { createBackup } from "./create-backup";
import { recoverInterruptedBackups } from "./recover-backups";
import { restoreBackup } from "./restore-backup";

const VZDUMP_USAGE = `Usage: berth-agent vzdump [--mode stop|suspend|snapshot] [--compress zstd] <CTID>
       berth-agent vzdump --list            archives in <data>/dump with their manifests
       berth-agent vzdump --info <archive>  the manifest of one archive`;
const VZRESTORE_USAGE = `Usage: berth-agent vzrestore [--force] [--start] [--no-ips] <archive> <CTID>
  <archive> is a file, or the name of an archive in <data>/dump; --force replaces an existing container;
  --no-ips leaves the archive's IP addresses out (a copy beside the original)`;

const out = (l: string) => process.stdout.write(`${l}\n`);
const info = (l: string) => out(`INFO: ${l}`);

export async function vzdumpMain(driver: LxcDriver, argv: string[]): Promise<number> {
  try {
    let mode = "stop";
    const rest: string[] = [];
    let list = false;
    let showInfo: string | undefined;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] as string;
      if (a === "--mode") mode = argv[++i] ?? "";
      else if (a.startsWith("--mode=")) mode = a.slice(7);
      else if (a === "--compress" || a.startsWith("--compress=")) {
        const v = a === "--compress" ? argv[++i] : a.slice(11);
        if (v !== "zstd" && v !== "1")
          throw new AgentError("BAD_REQUEST", "--compress: only zstd is supported");
      } else if (a === "--list") list = true;
      else if (a === "--info") showInfo = argv[++i];
      else if (a === "--help" || a === "-h") {
        out(VZDUMP_USAGE);
        return 0;
      } else if (a.startsWith("-"))
        throw new AgentError("BAD_REQUEST", `vzdump: unknown option ${a}\n${VZDUMP_USAGE}`);
      else rest.push(a);
    }
    await driver.init();
    const store = new BackupStore(driver.paths);
    await store.init();
    if (list) {
      for (const b of await store.list()) {
        const m = b.manifest;
        out(
          `${b.archive}  ${String(b.size).padStart(12)}  CT ${m.ctid}  ${m.mode.padEnd(8)}  ${m.hostname ?? "-"}  ${m.createdAt}`,
        );
      }
      return 0;
    }
    if (showInfo !== undefined) {
      const name = path.basename(showInfo);
      out(JSON.stringify((await store.info(name)).manifest, null, 2));
      return 0;
    }
    const parsedMode = backupModeSchema.safeParse(mode);
    if (!parsedMode.success) throw new AgentError("BAD_REQUEST", `--mode must be stop, suspend or snapshot`);
    if (rest.length !== 1) throw new AgentError("BAD_REQUEST", VZDUMP_USAGE);
    const ctid = await driver.resolveCtid(rest[0] as string);
    await recoverInterruptedBackups(driver, store, info);
    const b = await createBackup(driver, ctid, { mode: parsedMode.data, log: info });
    const m = b.manifest;
    info(`archive ${store.file(b.archive)}`);
    info(
      `size ${b.size} bytes, ${m.rootfs.entries} entries, ${m.rootfs.bytes} bytes of data, duration ${m.durationMs} ms, downtime ${m.downtimeMs} ms${m.frozenMs !== null ? `, frozen ${m.frozenMs} ms` : ""}`,
    );
    info(`payload sha256 ${m.payload.sha256}`);
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

export async function vzrestoreMain(driver: LxcDriver, argv: string[]): Promise<number> {
  try {
    const force = argv.includes("--force");
    const start = argv.includes("--start");
    if (argv.includes("--help") || argv.includes("-h")) {
      out(VZRESTORE_USAGE);
      return 0;
    }
    const unknown = argv.find((a) => a.startsWith("-") && !["--force", "--start", "--no-ips"].includes(a));
    if (unknown)
      throw new AgentError("BAD_REQUEST", `vzrestore: unknown option ${unknown}\n${VZRESTORE_USAGE}`);
    const rest = argv.filter((a) => !a.startsWith("-"));
    if (rest.length !== 2) throw new AgentError("BAD_REQUEST", VZRESTORE_USAGE);
    const [archive, id] = rest as [string, string];
    if (!/^\d+$/.test(id)) throw new AgentError("BAD_REQUEST", `Invalid CTID: ${id}`);
    const ctid = await driver.resolveCtid(id);
    const store = new BackupStore(driver.paths);
    const file =
      backupNameSchema.safeParse(archive).success && !archive.includes("/")
        ? store.file(archive)
        : path.resolve(archive);
    const r = await restoreBackup(driver, file, ctid, {
      replace: force,
      start,
      keepIps: !argv.includes("--no-ips"),
      log: info,
    });
    if (r.dropped.length) info(`left out of the config: ${r.dropped.join(", ")}`);
    info(`container ${r.ctid} restored: ${r.entries} entries, ${r.bytes} bytes, ${r.durationMs} ms`);
    return 0;
  } catch (err) {
    return reportError(err);
  }
}
