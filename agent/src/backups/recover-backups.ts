import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { BackupMode } from "../../protocol/backups";
import type { Log } from "../driver/container-driver";
import { type LxcDriver, pidAlive } from "../driver/lxc-driver";
import type { BackupStore } from "./backup-store";
import { isContainerFrozen, thawContainer } from "./freezer";
import { isMountPoint, umountDir } from "./tools";

// A backup or restore the agent did not live to finish must not leave a container frozen, stopped, half
// restored or gone. Each writes a small state file in the backup directory first; recovery (serve's start,
// and every vzdump/vzrestore) finishes the job for state files whose process is dead.

type BackupState = { wasRunning: boolean; mode: BackupMode; pid: number; name: string };
type RestoreState = { pid: number; replaced: boolean };

const backupStateFile = (store: BackupStore, ctid: number) => path.join(store.dir, `.backup-${ctid}.json`);
const restoreStateFile = (store: BackupStore, ctid: number) => path.join(store.dir, `.restore-${ctid}.json`);

export async function writeBackupState(store: BackupStore, ctid: number, s: BackupState): Promise<void> {
  await fs.writeFile(backupStateFile(store, ctid), JSON.stringify(s), { mode: 0o600 });
}
export async function clearBackupState(store: BackupStore, ctid: number): Promise<void> {
  await fs.rm(backupStateFile(store, ctid), { force: true });
}
export async function writeRestoreState(store: BackupStore, ctid: number, s: RestoreState): Promise<void> {
  await fs.writeFile(restoreStateFile(store, ctid), JSON.stringify(s), { mode: 0o600 });
}
export async function clearRestoreState(store: BackupStore, ctid: number): Promise<void> {
  await fs.rm(restoreStateFile(store, ctid), { force: true });
}

/** Where a replaced container's files wait until its restore succeeds. */
export function preRestorePaths(driver: LxcDriver, ctid: number): { conf: string; image: string } {
  return { conf: `${driver.paths.conf(ctid)}.pre-restore`, image: `${driver.paths.image(ctid)}.pre-restore` };
}

/** Puts a replaced container back (its restore failed or was cut short). */
export async function putBackReplaced(driver: LxcDriver, ctid: number): Promise<boolean> {
  const pre = preRestorePaths(driver, ctid);
  if (!existsSync(pre.conf) && !existsSync(pre.image)) return false;
  if (existsSync(pre.image)) await fs.rename(pre.image, driver.paths.image(ctid));
  if (existsSync(pre.conf)) await fs.rename(pre.conf, driver.paths.conf(ctid));
  return true;
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as T;
  } catch {
    return null;
  }
}

export async function recoverInterruptedBackups(
  driver: LxcDriver,
  store: BackupStore,
  log: Log,
): Promise<void> {
  let names: string[] = [];
  try {
    names = await fs.readdir(store.dir);
  } catch {
    return;
  }
  for (const n of names) {
    const b = /^\.backup-(\d+)\.json$/.exec(n);
    if (b?.[1]) {
      const ctid = Number(b[1]);
      const s = await readJson<BackupState>(path.join(store.dir, n));
      if (s && s.pid !== process.pid && pidAlive(s.pid)) continue;
      log(`Container ${ctid}: a backup was interrupted; cleaning up`);
      if (await isContainerFrozen(driver.cgroups, ctid)) {
        await thawContainer(driver.cgroups, ctid);
        log(`Container ${ctid}: thawed`);
      }
      const mnt = path.join(store.dir, `.mnt-${ctid}`);
      if (await isMountPoint(mnt)) await umountDir(mnt);
      await fs.rm(mnt, { recursive: true, force: true });
      for (const m of names.filter((x) => x.startsWith(`.copy-${ctid}-`)))
        await fs.rm(path.join(store.dir, m), { recursive: true, force: true });
      if (s?.name) await fs.rm(store.partial(s.name), { force: true });
      await fs.rm(path.join(driver.paths.lockDir, `${ctid}.lck`), { force: true });
      if (s?.wasRunning && (await driver.readConfig(ctid)) && !(await driver.isRunning(ctid))) {
        await driver
          .start(ctid, () => {})
          .catch((err) => log(`Container ${ctid}: start failed: ${err.message}`));
        log(`Container ${ctid}: started again`);
      }
      await fs.rm(path.join(store.dir, n), { force: true });
      continue;
    }
    const r = /^\.restore-(\d+)\.json$/.exec(n);
    if (r?.[1]) {
      const ctid = Number(r[1]);
      const s = await readJson<RestoreState>(path.join(store.dir, n));
      if (s && s.pid !== process.pid && pidAlive(s.pid)) continue;
      log(`Container ${ctid}: a restore was interrupted; rolling it back`);
      await fs.rm(path.join(driver.paths.lockDir, `${ctid}.lck`), { force: true });
      if (existsSync(driver.paths.creating(ctid))) await driver.removeAll(ctid);
      if (await putBackReplaced(driver, ctid)) log(`Container ${ctid}: the replaced container was put back`);
      await fs.rm(path.join(store.dir, n), { force: true });
    }
  }
  // Archives nobody finishes any more.
  for (const n of names.filter((x) => x.endsWith(".partial") && x.startsWith(".vzdump-")))
    if (!names.some((x) => x.startsWith(".backup-"))) await fs.rm(path.join(store.dir, n), { force: true });
}
