import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { BACKUP_HEADER_BYTES, type BackupInfo } from "../../protocol/backups";
import type { Log } from "../driver/container-driver";
import { AgentError } from "../errors";
import { httpGet } from "../http-get";
import { decodeHeader, HashCounter } from "./archive-format";
import type { BackupStore } from "./backup-store";

// Copies an archive from another node into this node's backup directory, through a link the panel signed for
// this node and this backup (the panel relays the bytes from the source node's agent). The file enters the
// directory under its final name only once its payload matches its manifest and the sha256 the panel holds.

/** Hashes an archive's payload and checks it against its own manifest; returns the archive's info. */
export async function verifyArchiveFile(file: string, name: string): Promise<BackupInfo> {
  const handle = await fs.open(file, "r");
  try {
    const header = Buffer.alloc(BACKUP_HEADER_BYTES);
    await handle.read(header, 0, BACKUP_HEADER_BYTES, 0);
    const manifest = decodeHeader(header);
    const tap = new HashCounter();
    await pipeline(
      handle.createReadStream({ start: BACKUP_HEADER_BYTES, autoClose: false }),
      tap,
      async (src) => {
        for await (const _ of src) {
          // drained: the tap hashes
        }
      },
    );
    const sha = tap.digest();
    if (sha !== manifest.payload.sha256 || tap.bytes !== manifest.payload.bytes)
      throw new AgentError(
        "RESTORE_ERROR",
        `the archive does not match its manifest: payload sha256 ${sha}, the manifest says ${manifest.payload.sha256}`,
      );
    const st = await handle.stat();
    return { archive: name, size: st.size, manifest };
  } finally {
    await handle.close();
  }
}

export async function fetchBackup(
  store: BackupStore,
  o: { archive: string; url: string; sha256: string },
  log: Log,
): Promise<BackupInfo> {
  await store.init();
  const final = store.file(o.archive);
  const existing = await store.info(o.archive).catch(() => null);
  if (existing?.manifest.payload.sha256 === o.sha256) {
    log(`Backup ${o.archive} is already on this node`);
    return existing;
  }
  const tmp = path.join(store.dir, `.fetch-${randomBytes(4).toString("hex")}-${o.archive}`);
  try {
    log(`Downloading backup ${o.archive}`);
    const body = await httpGet(
      new URL(o.url),
      (status) => new AgentError("NOT_FOUND", `backup download failed: HTTP ${status}`),
      3,
    );
    let got = 0;
    body.on("data", (d: Buffer) => {
      got += d.length;
    });
    await pipeline(body, createWriteStream(tmp, { mode: 0o600 }));
    log(`Downloaded ${got} bytes; checking the archive against its manifest`);
    const info = await verifyArchiveFile(tmp, o.archive);
    if (info.manifest.payload.sha256 !== o.sha256)
      throw new AgentError(
        "RESTORE_ERROR",
        `the downloaded archive is not the one asked for: payload sha256 ${info.manifest.payload.sha256}, expected ${o.sha256}`,
      );
    await fs.rename(tmp, final);
    log(`Backup ${o.archive} stored in ${store.dir}`);
    return info;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
