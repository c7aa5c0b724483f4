import { closeSync, constants, openSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import type { TarChecker } from "../../protocol/tar-check";
import { AgentError } from "../errors";
import { lastLines, startTool } from "./tools";

// The restore's data path: zstd's output -> the entry checker -> tar, with as little work in this process as
// the check allows (a restore's throughput is bounded by the CPU left beside zstd and tar on a 2-core node).

/**
 * A pipe for zstd's output that this process reads through a net.Socket with one fixed buffer (`onread`):
 * a child's "pipe" stdout comes as a stream that allocates a new 64 KiB buffer for every read and hands it
 * through stream machinery, which cost more CPU than the whole entry check (measured, 580 MB of tar: about
 * 0.25 s of this process's CPU and a collection every few MB; a two-core node has none to spare while zstd
 * and tar run). Node makes no anonymous pipes, so it is a FIFO in a fresh private directory, removed as soon
 * as both ends are open: nothing else can open it.
 */
export async function openFifo(): Promise<{ readFd: number; writeFd: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "berth-restore-"));
  try {
    const file = path.join(dir, "tar");
    const r = await startTool("mkfifo", ["-m", "600", "--", file], "ignore", "ignore").exited;
    if (r.code !== 0) throw new AgentError("SYSTEM_ERROR", `mkfifo failed: ${lastLines(r.stderr)}`);
    // The read end first and non-blocking (no writer yet), then the write end (a reader exists: no wait).
    const readFd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      return { readFd, writeFd: openSync(file, constants.O_WRONLY) };
    } catch (err) {
      closeSync(readFd);
      throw err;
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Bytes asked for per read of zstd's output (a pipe holds 64 KiB; more is never returned at once). */
const READ_BYTES = 256 * 1024;

/**
 * Reads the decompressed tar from `fd` and writes to `dest` only what the checker passed, as slices of the
 * one read buffer (no copy here): reading stops while a slice is still queued for tar and goes on when tar
 * took it, so the buffer is never overwritten under a pending write. Rejects at the first refused entry or
 * I/O error, after which nothing more is written. Resolves once `dest` has all the bytes and is ended.
 */
export function feedChecked(fd: number, checker: TarChecker, dest: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      source.destroy();
      reject(err);
    };
    const onread = (n: number, buf: Uint8Array): boolean => {
      if (failed) return false;
      let out: Buffer;
      try {
        out = checker.checkChunk(Buffer.from(buf.buffer, buf.byteOffset, n));
      } catch (err) {
        fail(err as Error);
        return false;
      }
      if (out.length === 0) return true;
      const w = { paused: false };
      dest.write(out, (err) => {
        if (err) fail(err);
        else if (w.paused && !failed) source.resume();
      });
      // Nothing left queued: the kernel has the bytes, the buffer is free again.
      if (dest.writableLength === 0) return true;
      w.paused = true;
      return false;
    };
    // `onread` is a documented option of new net.Socket() (older @types/node list it for connect() only).
    const opts: net.SocketConstructorOpts & { onread: net.OnReadOpts } = {
      fd,
      readable: true,
      writable: false,
      onread: { buffer: Buffer.allocUnsafe(READ_BYTES), callback: onread },
    };
    const source = new net.Socket(opts);
    source.on("error", fail);
    dest.on("error", fail);
    source.on("end", () => {
      if (failed) return;
      let last: Buffer;
      try {
        last = checker.checkEnd();
      } catch (err) {
        fail(err as Error);
        return;
      }
      dest.end(last, () => {
        if (!failed) resolve();
      });
    });
  });
}
