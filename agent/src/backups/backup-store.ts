import fs from "node:fs/promises";
import path from "node:path";
import { BACKUP_HEADER_BYTES, type BackupInfo, backupNameSchema } from "../../protocol/backups";
import { AgentError } from "../errors";
import type { AgentPaths } from "../paths";
import { decodeHeader } from "./archive-format";

// The node's backup directory, <data>/dump/ (as vzdump's /var/lib/vz/dump). Finished archives only carry
// their final name; work in progress lives under dot-names (.<name>.partial, .copy-<CTID>-*, .mnt-<CTID>)
// that listing skips and recovery removes. <data>/dump/<CTID>/ is the checkpoint directory of vzctl suspend.

export class BackupStore {
  readonly dir: string;

  constructor(paths: AgentPaths) {
    this.dir = path.join(paths.root, "dump");
  }

  async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /** The path of a finished archive; the name is checked, so it can never leave the directory. */
  file(name: string): string {
    if (!backupNameSchema.safeParse(name).success)
      throw new AgentError("BAD_REQUEST", `not a backup name: ${JSON.stringify(name).slice(0, 80)}`);
    return path.join(this.dir, name);
  }

  partial(name: string): string {
    return path.join(this.dir, `.${name}.partial`);
  }

  async info(name: string): Promise<BackupInfo> {
    const file = this.file(name);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, "r");
    } catch {
      throw new AgentError("NOT_FOUND", `Backup ${name} not found in ${this.dir}`);
    }
    try {
      const st = await handle.stat();
      const buf = Buffer.alloc(BACKUP_HEADER_BYTES);
      await handle.read(buf, 0, BACKUP_HEADER_BYTES, 0);
      return { archive: name, size: st.size, manifest: decodeHeader(buf) };
    } finally {
      await handle.close();
    }
  }

  /** Every archive with a readable manifest (a damaged one is listed by the CLI's `vzdump --list` as such). */
  async list(): Promise<BackupInfo[]> {
    let names: string[] = [];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const out: BackupInfo[] = [];
    for (const n of names.sort()) {
      if (!backupNameSchema.safeParse(n).success) continue;
      try {
        out.push(await this.info(n));
      } catch {
        // unreadable manifest: not offered for restore
      }
    }
    return out;
  }

  async remove(name: string): Promise<boolean> {
    const file = this.file(name);
    try {
      await fs.rm(file);
      return true;
    } catch {
      return false;
    }
  }
}
