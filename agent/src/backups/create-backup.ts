import { randomBytes } from "node:crypto";
import { closeSync, createReadStream, existsSync, openSync, writeSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_HEADER_BYTES,
  type BackupInfo,
  type BackupManifest,
  type BackupMode,
} from "../../protocol/backups";
import { TarEntryError } from "../../protocol/tar-check";
import type { Log } from "../driver/container-driver";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { encodeHeader, HashCounter, newBackupName } from "./archive-format";
import { BackupStore } from "./backup-store";
import { freezeContainer, thawContainer } from "./freezer";
import { clearBackupState, writeBackupState } from "./recover-backups";
import { scanTree, type TreeSummary } from "./scan-tree";
import { isMountPoint, lastLines, mountImage, startTool, umountDir } from "./tools";

export type CreateBackupOptions = { mode: BackupMode; log: Log; zstdLevel?: number };

/** tar options shared by backup and restore: numeric owners, the xattrs a root file system needs. */
export const TAR_XATTRS = ["--xattrs", "--xattrs-include=user.*", "--xattrs-include=security.capability"];

/**
 * vzdump: archives a container into <data>/dump/ and returns the archive's info. The archive only gets its
 * final name once complete and its manifest written, so a listed backup is always whole.
 */
export async function createBackup(
  driver: LxcDriver,
  ctid: number,
  opts: CreateBackupOptions,
): Promise<BackupInfo> {
  const { log } = opts;
  await driver.init();
  const store = new BackupStore(driver.paths);
  await store.init();
  const status = await driver.status(ctid);
  if (!status.exists) throw new AgentError("VE_PRIVATE_NOT_EXIST", `Container ${ctid} does not exist`);
  const started = Date.now();
  const name = newBackupName(ctid, new Date(started));
  const wasRunning = status.running;
  const mode: BackupMode = opts.mode;
  log(`Starting backup of container ${ctid} (mode ${mode}) to ${store.file(name)}`);
  const base = {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    ctid,
    hostname: status.hostname,
    name: status.name,
    ostemplate: status.ostemplate,
    ips: status.ips,
    config: status.config,
    mode,
    createdAt: new Date(started).toISOString(),
    node: os.hostname(),
  } as const;
  // Recovery reads this if the agent dies mid-backup: thaw, restart, remove the leftovers.
  await writeBackupState(store, ctid, { wasRunning, mode, pid: process.pid, name });
  let downtimeMs = 0;
  let frozenMs: number | null = null;
  let written: Written;
  try {
    if (!wasRunning || mode === "stop") {
      if (!wasRunning) log("Container is not running: archiving it as it is");
      const stoppedAt = Date.now();
      if (wasRunning) {
        log("Stopping container for the backup");
        await driver.stop(ctid, {}, log);
      }
      try {
        written = await driver.withLock(ctid, () => archiveStopped(driver, store, ctid, name, opts));
      } finally {
        if (wasRunning) {
          log("Starting container again");
          await driver.start(ctid, log);
          downtimeMs = Date.now() - stoppedAt;
          log(`Container was down for ${(downtimeMs / 1000).toFixed(2)} s`);
        }
      }
    } else {
      const copy = path.join(store.dir, `.copy-${ctid}-${randomBytes(4).toString("hex")}`);
      try {
        frozenMs = await driver.withLock(ctid, () => copyLive(driver, ctid, copy, mode, log));
        if (frozenMs !== null) {
          downtimeMs = frozenMs;
          log(`Container was frozen for ${frozenMs} ms`);
        }
        written = await archiveDir(copy, store.partial(name), opts);
      } finally {
        await fs.rm(copy, { recursive: true, force: true });
      }
    }
    const manifest: BackupManifest = {
      ...base,
      payload: { bytes: written.payloadBytes, sha256: written.sha256 },
      rootfs: { entries: written.entries, bytes: written.rootfsBytes },
      durationMs: Date.now() - started,
      downtimeMs,
      frozenMs,
    };
    await finishArchive(store.partial(name), store.file(name), manifest);
    const st = await fs.stat(store.file(name));
    log(
      `Backup ${name} finished: ${st.size} bytes, ${written.entries} entries, ${(manifest.durationMs / 1000).toFixed(2)} s`,
    );
    return { archive: name, size: st.size, manifest };
  } finally {
    await fs.rm(store.partial(name), { force: true });
    await clearBackupState(store, ctid);
  }
}

type Written = { payloadBytes: number; sha256: string; entries: number; rootfsBytes: number };

/** Archives a stopped container (under its lock): from its mount if `vzctl mount` left it mounted, else read-only. */
async function archiveStopped(
  driver: LxcDriver,
  store: BackupStore,
  ctid: number,
  name: string,
  opts: CreateBackupOptions,
): Promise<Written> {
  if (await driver.isRunning(ctid))
    throw new AgentError("VE_RUNNING", "Container was started during the backup");
  if (await driver.isMounted(ctid)) return archiveDir(driver.paths.rootfs(ctid), store.partial(name), opts);
  const mnt = path.join(store.dir, `.mnt-${ctid}`);
  if (await isMountPoint(mnt)) await umountDir(mnt);
  await mountImage(driver.paths.image(ctid), mnt, true);
  try {
    return await archiveDir(mnt, store.partial(name), opts);
  } finally {
    await umountDir(mnt);
    await fs.rmdir(mnt).catch(() => {});
  }
}

const RSYNC = ["-aHX", "--numeric-ids", "--delete", "--one-file-system"];

async function rsync(src: string, dest: string, live: boolean): Promise<void> {
  const t = startTool("rsync", [...RSYNC, "--", `${src}/`, `${dest}/`], "ignore", "ignore");
  const { code, stderr } = await t.exited;
  // 24: files vanished while copying a running container, which the next pass (or the freeze) settles.
  if (code === 0 || (live && code === 24)) return;
  throw new AgentError("SYSTEM_ERROR", `rsync failed (exit ${code}): ${lastLines(stderr)}`);
}

/**
 * The two copies of suspend and snapshot modes, under the container's lock. Returns the frozen time in ms
 * (suspend) or null (snapshot). The container is always thawed again, whatever fails.
 */
async function copyLive(
  driver: LxcDriver,
  ctid: number,
  copy: string,
  mode: BackupMode,
  log: Log,
): Promise<number | null> {
  if (!(await driver.isRunning(ctid)))
    throw new AgentError("VE_NOT_RUNNING", "Container stopped during the backup");
  const root = driver.paths.rootfs(ctid);
  const st = await fs.statfs(root);
  const need = (st.blocks - st.bfree) * st.bsize;
  await fs.mkdir(copy, { recursive: true, mode: 0o700 });
  const free = await fs.statfs(copy);
  if (free.bavail * free.bsize < need * 1.05)
    throw new AgentError(
      "DISK_SPACE",
      `Not enough space in ${path.dirname(copy)} for the ${mode} copy: ${need} bytes needed, ${free.bavail * free.bsize} free`,
    );
  log("Copying the running container (first pass)");
  await rsync(root, copy, true);
  if (mode === "snapshot") {
    log("Copying the changes (second pass)");
    await rsync(root, copy, true);
    return null;
  }
  log("Freezing the container");
  const t0 = performance.now();
  await freezeContainer(driver.cgroups, ctid);
  try {
    log("Copying the changes while frozen (second pass)");
    await rsync(root, copy, false);
  } finally {
    await thawContainer(driver.cgroups, ctid);
  }
  const frozen = Math.round(performance.now() - t0);
  log("Container thawed");
  return frozen;
}

/**
 * Streams `tar -c` of a directory through the entry checker into zstd and into the partial archive after the
 * header frame, hashing the compressed bytes on the way. The checker is the restore's: a container holding an
 * entry restore would refuse fails its backup now, naming the entry, instead of at restore time.
 */
export async function archiveDir(
  dir: string,
  partial: string,
  opts: { zstdLevel?: number },
): Promise<Written> {
  // tar writes into zstd and zstd into the archive after the placeholder header (its stdout is the file,
  // positioned there): no archive byte passes through this process. The walk beside it checks and counts.
  const fd = openSync(partial, "w", 0o600);
  let tar: ReturnType<typeof startTool>;
  let zstd: ReturnType<typeof startTool>;
  try {
    writeSync(fd, encodeHeader(null));
    tar = startTool(
      "tar",
      ["-c", "--numeric-owner", ...TAR_XATTRS, "--one-file-system", "-C", dir, "-f", "-", "."],
      "ignore",
      "pipe",
    );
    zstd = startTool(
      "zstd",
      ["-q", "-c", `-${opts.zstdLevel ?? 3}`, "-T0"],
      tar.child.stdout as Readable,
      fd,
    );
    // zstd holds its own copy of the pipe; this process's copy is closed, or tar's "close" would never come.
    (tar.child.stdout as Readable).destroy();
  } finally {
    closeSync(fd);
  }
  let tree: TreeSummary;
  try {
    [tree] = await Promise.all([
      scanTree(dir),
      tar.exited.then((t) => {
        // tar exits 1 when a file changed while it was read: only possible on a mounted, stopped container
        // written to from the host; the archive holds what tar read.
        if (t.code > 1)
          throw new AgentError("SYSTEM_ERROR", `tar failed (exit ${t.code}): ${lastLines(t.stderr)}`);
      }),
      zstd.exited.then((z) => {
        if (z.code !== 0)
          throw new AgentError("SYSTEM_ERROR", `zstd failed (exit ${z.code}): ${lastLines(z.stderr)}`);
      }),
    ]);
  } catch (err) {
    tar.child.kill("SIGKILL");
    zstd.child.kill("SIGKILL");
    await Promise.allSettled([tar.exited, zstd.exited]);
    if (err instanceof TarEntryError)
      throw new AgentError(
        "BAD_REQUEST",
        `The container holds an entry a restore would refuse: ${JSON.stringify(err.entry)} (${err.reason}); remove or fix it and back up again`,
      );
    throw err;
  }
  const tap = new HashCounter();
  await pipeline(
    createReadStream(partial, { start: BACKUP_HEADER_BYTES }),
    tap,
    new Writable({ write: (_c, _e, cb) => cb() }),
  );
  return {
    payloadBytes: tap.bytes,
    sha256: tap.digest(),
    entries: tree.entries,
    rootfsBytes: tree.bytes,
  };
}

/** Writes the manifest into the header frame, syncs and renames the archive into place. */
export async function finishArchive(partial: string, final: string, manifest: BackupManifest): Promise<void> {
  const handle = await fs.open(partial, "r+");
  try {
    await handle.write(encodeHeader(manifest), 0, BACKUP_HEADER_BYTES, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (existsSync(final)) throw new AgentError("BAD_REQUEST", `${final} already exists`);
  await fs.chmod(partial, 0o600);
  await fs.rename(partial, final);
}
