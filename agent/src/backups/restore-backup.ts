import { closeSync, existsSync, readSync } from "node:fs";
import fs from "node:fs/promises";
import type { Writable } from "node:stream";
import { BACKUP_HEADER_BYTES, type BackupManifest, type RestoreResult } from "../../protocol/backups";
import { ctidSchema, hostnameSchema, ipWithPrefixSchema } from "../../protocol/fields";
import { DEFAULT_TAR_LIMITS, TarChecker, TarEntryError } from "../../protocol/tar-check";
import { diskSize, ipAddresses } from "../config/container-config";
import { VzConfig } from "../config/vz-config";
import type { Log } from "../driver/container-driver";
import type { LxcDriver } from "../driver/lxc-driver";
import { stripPrefix } from "../driver/network";
import { AgentError } from "../errors";
import { decodeHeader } from "./archive-format";
import { BackupStore } from "./backup-store";
import { feedChecked, openFifo } from "./checked-feed";
import { TAR_XATTRS } from "./create-backup";
import {
  clearRestoreState,
  preRestorePaths,
  putBackReplaced,
  recoverInterruptedBackups,
  writeRestoreState,
} from "./recover-backups";
import { lastLines, makeImage, mountImage, startTool, umountDir } from "./tools";

export type RestoreOptions = {
  /** Replace an existing container of this CTID: it is stopped, kept aside, and put back if the restore fails. */
  replace?: boolean;
  /** Start the container once restored (a replaced container that was running is started again anyway). */
  start?: boolean;
  /** false: leave the archive's IP addresses out (a copy beside the original on the same node). Default true. */
  keepIps?: boolean;
  log: Log;
};

/**
 * vzrestore: makes container `ctid` from an archive file, through one open handle: the manifest is read
 * first (config, disk size), the payload streams through zstd and the entry checker into tar, and only bytes
 * the checker passed reach tar; the payload is hashed from the same open file while the image is unmounted.
 * At the end the payload's sha256 and size must equal the manifest's, or everything restored is removed again
 * (and a replaced container put back); the entry count and data bytes are compared and reported.
 */
export async function restoreBackup(
  driver: LxcDriver,
  archiveFile: string,
  ctid: number,
  opts: RestoreOptions,
): Promise<RestoreResult> {
  const { log } = opts;
  ctidSchema.parse(ctid);
  await driver.init();
  const store = new BackupStore(driver.paths);
  await store.init();
  await recoverInterruptedBackups(driver, store, log);
  const started = Date.now();
  const handle = await fs.open(archiveFile, "r").catch(() => {
    throw new AgentError("NOT_FOUND", `Backup archive ${archiveFile} not found`);
  });
  try {
    const header = Buffer.alloc(BACKUP_HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, BACKUP_HEADER_BYTES, 0);
    if (bytesRead < BACKUP_HEADER_BYTES)
      throw new AgentError("RESTORE_ERROR", "not a Berth backup archive (too short)");
    const manifest = decodeHeader(header);
    log(
      `Restoring container ${ctid} from a backup of container ${manifest.ctid} (${manifest.hostname ?? "no host name"}, made ${manifest.createdAt}, mode ${manifest.mode})`,
    );
    const exists = (await driver.readConfig(ctid)) !== null || existsSync(driver.paths.image(ctid));
    if (exists && !opts.replace)
      throw new AgentError(
        "VE_PRIVATE_EXIST",
        `Container ${ctid} already exists: restore to a free CTID, or replace it (--force)`,
      );
    const { conf, dropped } = await configFromManifest(driver, ctid, manifest, opts.keepIps !== false, log);
    let wasRunning = false;
    if (exists) {
      wasRunning = await driver.isRunning(ctid);
      if (wasRunning) await driver.stop(ctid, {}, log);
      else if (await driver.isMounted(ctid)) await driver.umount(ctid, log);
    }
    const result = await driver
      .withLock(ctid, async () => {
        if (await driver.isRunning(ctid))
          throw new AgentError("VE_RUNNING", "Container was started during the restore");
        await writeRestoreState(store, ctid, { pid: process.pid, replaced: exists });
        const pre = preRestorePaths(driver, ctid);
        if (exists) {
          log(`Keeping the current container ${ctid} aside until the restore succeeds`);
          if (existsSync(driver.paths.image(ctid))) await fs.rename(driver.paths.image(ctid), pre.image);
          if (existsSync(driver.paths.conf(ctid))) await fs.rename(driver.paths.conf(ctid), pre.conf);
        }
        // The create marker: an agent killed from here on has its half container rolled back at restart.
        await fs.writeFile(driver.paths.creating(ctid), `${process.pid}\n`);
        try {
          const counts = await extractInto(driver, handle, ctid, conf, manifest, log);
          await driver.writeConfig(ctid, conf);
          await fs.rm(driver.paths.creating(ctid), { force: true });
          await fs.rm(pre.image, { force: true });
          await fs.rm(pre.conf, { force: true });
          return counts;
        } catch (err) {
          await driver.removeAll(ctid);
          if (await putBackReplaced(driver, ctid)) log(`The previous container ${ctid} was put back`);
          throw err;
        } finally {
          await clearRestoreState(store, ctid);
        }
      })
      .catch(async (err) => {
        // The replaced container was running: it runs again, as it was, after a failed restore.
        if (wasRunning && (await driver.readConfig(ctid)) && !(await driver.isRunning(ctid)))
          await driver.start(ctid, log).catch(() => {});
        throw err;
      });
    const start = opts.start === true || wasRunning;
    if (start) await driver.start(ctid, log);
    const durationMs = Date.now() - started;
    log(`Container ${ctid} restored in ${(durationMs / 1000).toFixed(2)} s`);
    return {
      ctid,
      archive: archiveFile.split("/").pop() ?? archiveFile,
      durationMs,
      entries: result.entries,
      bytes: result.bytes,
      dropped,
      started: start,
    };
  } finally {
    await handle.close();
  }
}

/**
 * The restored container's config: the archive's, checked like any config the agent writes. A name another
 * container of this node uses is dropped; an IP address in use refuses the restore (two containers must never
 * answer for one address).
 */
async function configFromManifest(
  driver: LxcDriver,
  ctid: number,
  m: BackupManifest,
  keepIps: boolean,
  log: Log,
): Promise<{ conf: VzConfig; dropped: string[] }> {
  const conf = new VzConfig();
  for (const [k, v] of Object.entries(m.config)) {
    try {
      conf.set(k, v);
    } catch {
      throw new AgentError("RESTORE_ERROR", `the backup's config has an invalid value for ${k}`);
    }
  }
  const host = conf.get("HOSTNAME");
  if (host && !hostnameSchema.safeParse(host).success)
    throw new AgentError("RESTORE_ERROR", "the backup's config has an invalid HOSTNAME");
  for (const ip of ipAddresses(conf))
    if (!ipWithPrefixSchema.safeParse(ip).success)
      throw new AgentError("RESTORE_ERROR", `the backup's config has an invalid IP address ${ip}`);
  const dropped: string[] = [];
  if (!keepIps && conf.get("IP_ADDRESS") !== undefined) {
    conf.delete("IP_ADDRESS");
    dropped.push("IP_ADDRESS");
    log("The backup's IP addresses are left out");
  }
  const name = conf.get("NAME");
  const wanted = new Set(ipAddresses(conf).map(stripPrefix));
  for (const other of await driver.listCtids()) {
    if (other === ctid) continue;
    const oc = await driver.readConfig(other);
    if (!oc) continue;
    if (name && oc.get("NAME") === name && !dropped.includes("NAME")) {
      conf.delete("NAME");
      dropped.push("NAME");
      log(`Name ${name} is used by container ${other} here: the restored container gets none`);
    }
    for (const ip of ipAddresses(oc))
      if (wanted.has(stripPrefix(ip)))
        throw new AgentError(
          "IP_INUSE",
          `IP address ${stripPrefix(ip)} of the backup is already used by container ${other} on this node`,
        );
  }
  return { conf, dropped };
}

async function extractInto(
  driver: LxcDriver,
  handle: fs.FileHandle,
  ctid: number,
  conf: VzConfig,
  manifest: BackupManifest,
  log: Log,
): Promise<{ entries: number; bytes: number }> {
  const { bytes, inodes } = diskSize(conf);
  log(`Creating container private area (${bytes} bytes)`);
  await makeImage(driver.paths.image(ctid), ctid, bytes, inodes);
  const root = driver.paths.rootfs(ctid);
  await mountImage(driver.paths.image(ctid), root, false);
  const checker = new TarChecker({
    ...DEFAULT_TAR_LIMITS,
    maxTotalBytes: Math.max(bytes, manifest.rootfs.bytes),
  });
  let exits: [Exit, Exit];
  let hashing: Promise<PayloadHash>;
  try {
    log("Extracting and checking the archive");
    // zstd reads the archive itself from the one open file, positioned after the header (a plain read
    // advances the shared offset), so the compressed bytes are not piped through this process.
    const skip = Buffer.alloc(BACKUP_HEADER_BYTES);
    readSync(handle.fd, skip, 0, BACKUP_HEADER_BYTES, null);
    const fifo = await openFifo();
    let zstd: ReturnType<typeof startTool>;
    try {
      zstd = startTool("zstd", ["-dc", "-q"], handle.fd, fifo.writeFd);
    } catch (err) {
      closeSync(fifo.readFd);
      throw err;
    } finally {
      closeSync(fifo.writeFd);
    }
    // --no-overwrite-dir keeps the mount point's mode, as template extraction does.
    const tar = startTool(
      "tar",
      ["-x", "--numeric-owner", "-p", ...TAR_XATTRS, "--no-overwrite-dir", "-C", root, "-f", "-"],
      "pipe",
      "ignore",
    );
    try {
      await feedChecked(fifo.readFd, checker, tar.child.stdin as Writable);
    } catch (err) {
      zstd.child.kill("SIGKILL");
      tar.child.kill("SIGKILL");
      await Promise.allSettled([zstd.exited, tar.exited]);
      // A damaged payload often breaks zstd or tar first: say it is the checksum when it is.
      const whole = await hashPayload(handle);
      if (whole.sha256 !== manifest.payload.sha256 || whole.bytes !== manifest.payload.bytes)
        throw mismatch(whole.sha256, whole.bytes, manifest);
      if (err instanceof TarEntryError)
        throw new AgentError(
          "RESTORE_ERROR",
          `refused backup entry ${JSON.stringify(err.entry)}: ${err.reason}`,
        );
      throw new AgentError("RESTORE_ERROR", `the archive could not be read: ${(err as Error).message}`);
    }
    exits = await Promise.all([zstd.exited, tar.exited]);
    log(`Extracted ${checker.summary.entries} entries; unmounting and comparing the payload's sha256`);
    // The payload is hashed now, beside the umount below (which flushes the image through the loop device
    // and leaves the CPUs mostly to it), rather than beside zstd, tar and the check, which need both cores.
    // Nothing of the container is used before the hash is compared: a mismatch removes it all.
    hashing = hashPayload(handle);
    hashing.catch(() => {}); // awaited below, after the umount
  } finally {
    await umountDir(root);
    await fs.rmdir(root).catch(() => {});
  }
  const [z, t] = exits;
  const whole = await hashing;
  const sha = whole.sha256;
  // The checksum first: a tampered payload is reported as such, whatever tar or zstd made of it.
  if (sha !== manifest.payload.sha256 || whole.bytes !== manifest.payload.bytes)
    throw mismatch(sha, whole.bytes, manifest);
  if (z.code !== 0)
    throw new AgentError("RESTORE_ERROR", `zstd failed (exit ${z.code}): ${lastLines(z.stderr)}`);
  if (t.code !== 0) {
    const out = /No space left/.test(t.stderr) ? "the container's disk is too small for the archive: " : "";
    throw new AgentError("RESTORE_ERROR", `tar failed (exit ${t.code}): ${out}${lastLines(t.stderr)}`);
  }
  const s = checker.summary;
  // The checksum above proves the archive whole; the counts (taken beside tar at backup time) only
  // describe it, so a difference is reported, not refused.
  if (s.entries !== manifest.rootfs.entries || s.totalBytes !== manifest.rootfs.bytes)
    log(
      `Note: ${s.entries} entries and ${s.totalBytes} bytes extracted; the manifest counted ${manifest.rootfs.entries} and ${manifest.rootfs.bytes}`,
    );
  log(`Archive checked: ${s.entries} entries, ${s.totalBytes} bytes, sha256 ${sha}`);
  return { entries: s.entries, bytes: s.totalBytes };
}

type Exit = { code: number; stderr: string };
type PayloadHash = { sha256: string; bytes: number };

function mismatch(sha: string, bytes: number, m: BackupManifest): AgentError {
  return new AgentError(
    "RESTORE_ERROR",
    `the archive does not match its manifest: payload sha256 ${sha} (${bytes} bytes), the manifest says ${m.payload.sha256} (${m.payload.bytes} bytes)`,
  );
}

/**
 * The payload's sha256, computed by `openssl dgst` in its own process (off this event loop) from a second
 * open file description of the same inode (/proc/self/fd: no path is looked up again, so it is the very file
 * zstd read), positioned after the header. openssl rather than sha256sum: it uses the CPU's SHA instructions
 * (0.13 s of CPU for a 240 MB archive here, sha256sum 0.65 s, which on a two-core node is time taken from
 * the restore).
 */
async function hashPayload(handle: fs.FileHandle): Promise<PayloadHash> {
  const again = await fs.open(`/proc/self/fd/${handle.fd}`, "r");
  try {
    const skip = Buffer.alloc(BACKUP_HEADER_BYTES);
    readSync(again.fd, skip, 0, BACKUP_HEADER_BYTES, null);
    const size = (await again.stat()).size;
    // -r: coreutils format, "<hex> *stdin", the same in OpenSSL 1.1 and 3.
    const tool = startTool("openssl", ["dgst", "-sha256", "-r"], again.fd, "pipe");
    let out = "";
    tool.child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const r = await tool.exited;
    const sha = /^([0-9a-f]{64})\b/.exec(out)?.[1];
    if (r.code !== 0 || !sha)
      throw new AgentError("SYSTEM_ERROR", `openssl dgst -sha256 failed: ${lastLines(r.stderr)}`);
    return { sha256: sha, bytes: Math.max(0, size - BACKUP_HEADER_BYTES) };
  } finally {
    await again.close();
  }
}
