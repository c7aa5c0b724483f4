import { createHash, randomBytes } from "node:crypto";
import { Transform } from "node:stream";
import {
  BACKUP_HEADER_BYTES,
  type BackupManifest,
  backupManifestSchema,
  backupNameSchema,
} from "../../protocol/backups";
import { AgentError } from "../errors";

// The archive: one zstd skippable frame (magic 0x184D2A50, little-endian length) holding the manifest as
// JSON padded with spaces to BACKUP_HEADER_BYTES, then the zstd frames of the root file system's tar. zstd
// skips the first frame, so `tar --zstd -xf archive` gives the plain root file system; the agent reads the
// manifest first and knows the config and the payload's sha256 before it extracts a byte. The header has a
// fixed size so the manifest can be written last (sizes and checksum are known only at the end) with one
// positioned write, without a second copy of the archive.

const SKIPPABLE_MAGIC = 0x184d2a50;

export function encodeHeader(manifest: BackupManifest | null): Buffer {
  const buf = Buffer.alloc(BACKUP_HEADER_BYTES, 0x20);
  buf.writeUInt32LE(SKIPPABLE_MAGIC, 0);
  buf.writeUInt32LE(BACKUP_HEADER_BYTES - 8, 4);
  // An unfinished archive (placeholder) holds "{}" and so never passes the manifest schema.
  const json = Buffer.from(JSON.stringify(manifest ?? {}), "utf8");
  if (json.length > BACKUP_HEADER_BYTES - 9)
    throw new AgentError(
      "BAD_REQUEST",
      `the backup manifest is ${json.length} bytes; at most ${BACKUP_HEADER_BYTES - 9} fit (config too large?)`,
    );
  json.copy(buf, 8);
  buf[BACKUP_HEADER_BYTES - 1] = 0x0a;
  return buf;
}

/** Parses the header frame; throws RESTORE_ERROR naming what is wrong. */
export function decodeHeader(buf: Buffer): BackupManifest {
  if (
    buf.length < BACKUP_HEADER_BYTES ||
    buf.readUInt32LE(0) !== SKIPPABLE_MAGIC ||
    buf.readUInt32LE(4) !== BACKUP_HEADER_BYTES - 8
  )
    throw new AgentError("RESTORE_ERROR", "not a Berth backup archive (no manifest frame)");
  let json: unknown;
  try {
    json = JSON.parse(buf.subarray(8, BACKUP_HEADER_BYTES).toString("utf8"));
  } catch {
    throw new AgentError("RESTORE_ERROR", "the backup manifest is not valid JSON");
  }
  const m = backupManifestSchema.safeParse(json);
  if (!m.success) {
    const issue = m.error.issues[0];
    throw new AgentError(
      "RESTORE_ERROR",
      `the backup manifest is incomplete or of another format (${issue?.path.join(".") || "manifest"}: ${issue?.message})`,
    );
  }
  return m.data;
}

/** vzdump-<CTID>-<YYYY_MM_DD-HH_MM_SS>-<4 hex>.tar.zst (UTC); the suffix keeps two backups in one second apart. */
export function newBackupName(ctid: number, at: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${at.getUTCFullYear()}_${p(at.getUTCMonth() + 1)}_${p(at.getUTCDate())}-${p(at.getUTCHours())}_${p(at.getUTCMinutes())}_${p(at.getUTCSeconds())}`;
  return backupNameSchema.parse(`vzdump-${ctid}-${stamp}-${randomBytes(2).toString("hex")}.tar.zst`);
}

/** The CTID a backup name was made for. */
export function ctidOfBackupName(name: string): number {
  return Number(/^vzdump-(\d+)-/.exec(name)?.[1] ?? Number.NaN);
}

/** Passes bytes through, hashing and counting them. */
export class HashCounter extends Transform {
  private readonly hash = createHash("sha256");
  bytes = 0;
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    cb(null, chunk);
  }
  digest(): string {
    return this.hash.digest("hex");
  }
}
