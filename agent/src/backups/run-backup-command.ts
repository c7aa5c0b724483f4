import { createReadStream } from "node:fs";
import type http from "node:http";
import { pipeline } from "node:stream/promises";
import type { z } from "zod";
import {
  BACKUP_STREAM_HEADER,
  type backupDeleteCommand,
  type backupFetchCommand,
  type backupListCommand,
  backupNameSchema,
  type backupPushCommand,
  backupStreamDescriptor,
  type containerBackupCommand,
  type containerRestoreCommand,
} from "../../protocol/backups";
import type { Log } from "../driver/container-driver";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { BackupStore } from "./backup-store";
import { createBackup } from "./create-backup";
import { fetchBackup } from "./fetch-backup";
import { pushBackup } from "./push-backup";
import { recoverInterruptedBackups } from "./recover-backups";
import { restoreBackup } from "./restore-backup";

type BackupCommand =
  | z.infer<typeof containerBackupCommand>
  | z.infer<typeof containerRestoreCommand>
  | z.infer<typeof backupListCommand>
  | z.infer<typeof backupDeleteCommand>
  | z.infer<typeof backupFetchCommand>
  | z.infer<typeof backupPushCommand>;

/** The backup commands of the signed API (agent/protocol/backups.ts). */
export async function runBackupCommand(driver: LxcDriver, cmd: BackupCommand, log: Log): Promise<unknown> {
  await driver.init();
  const store = new BackupStore(driver.paths);
  switch (cmd.type) {
    case "container.backup":
      return createBackup(driver, cmd.ctid, { mode: cmd.mode, log });
    case "container.restore":
      return restoreBackup(driver, store.file(cmd.archive), cmd.ctid, {
        replace: cmd.replace,
        start: cmd.start,
        keepIps: cmd.keepIps,
        log,
      });
    case "backup.list":
      return store.list();
    case "backup.delete": {
      const removed = await store.remove(cmd.archive);
      log(removed ? `Backup ${cmd.archive} deleted` : `Backup ${cmd.archive} was not on this node`);
      return { archive: cmd.archive, removed };
    }
    case "backup.fetch":
      return fetchBackup(store, cmd, log);
    case "backup.push":
      return pushBackup(store, cmd, log);
  }
}

/** At `serve` start: a backup or restore the previous process did not finish is cleaned up or rolled back. */
export async function recoverBackups(driver: LxcDriver, log: Log): Promise<void> {
  await recoverInterruptedBackups(driver, new BackupStore(driver.paths), log);
}

/**
 * GET /v1/backups/<name>: streams one archive. The reply is signed over a descriptor (name and size) sent in a
 * header, since the body's digest is not known before it is sent; the bytes are checked by whoever restores
 * them, against the manifest's payload sha256.
 */
export async function streamBackup(
  driver: LxcDriver,
  name: string,
  res: http.ServerResponse,
  sign: (status: number, body: string) => Record<string, string>,
): Promise<boolean> {
  if (!backupNameSchema.safeParse(name).success) return false;
  const store = new BackupStore(driver.paths);
  let info: Awaited<ReturnType<BackupStore["info"]>>;
  try {
    info = await store.info(name);
  } catch (err) {
    if (err instanceof AgentError) return false;
    throw err;
  }
  const descriptor = backupStreamDescriptor(name, info.size);
  res.writeHead(200, {
    "content-type": "application/zstd",
    "content-length": String(info.size),
    [BACKUP_STREAM_HEADER]: descriptor,
    ...sign(200, descriptor),
  });
  await pipeline(createReadStream(store.file(name), { end: info.size - 1 }), res);
  return true;
}
