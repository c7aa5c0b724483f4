import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { TarChecker, TarEntryError } from "../../protocol/tar-check";
import { makeTar, type TarSpec } from "../../test/tar-writer";
import { feedChecked, openFifo } from "./checked-feed";

// The restore's data path without LXC: a writer process (cat, standing in for zstd) fills the FIFO, the
// checker passes bytes on to a Writable standing in for tar's stdin.

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "berth-checked-feed-"));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** A Writable that takes each chunk late (after `delayMs`), copying it only then, as a slow tar would. */
function slowSink(delayMs: number): { sink: Writable; bytes: () => Buffer } {
  const got: Buffer[] = [];
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _e, cb) {
      setTimeout(() => {
        got.push(Buffer.from(chunk));
        cb();
      }, delayMs);
    },
  });
  return { sink, bytes: () => Buffer.concat(got) };
}

async function feed(tar: Buffer, sink: Writable): Promise<void> {
  const file = path.join(dir, `${randomBytes(4).toString("hex")}.tar`);
  await fs.writeFile(file, tar);
  const fifo = await openFifo();
  const cat = spawn("cat", [file], { stdio: ["ignore", fifo.writeFd, "inherit"] });
  closeSync(fifo.writeFd);
  const exited = new Promise((resolve) => cat.on("exit", resolve));
  try {
    await feedChecked(fifo.readFd, new TarChecker(), sink);
  } finally {
    cat.kill();
    await exited;
  }
}

const big = (name: string, bytes: number): TarSpec => ({
  name,
  data: randomBytes(bytes / 2).toString("hex"),
});

describe("checked feed from a FIFO", () => {
  it("passes a whole archive on unchanged, though the reader reuses one buffer and tar takes bytes late", async () => {
    const tar = makeTar([
      { name: "./", type: "5" },
      big("./a", 3_000_000),
      { name: "./l", type: "2", linkName: "a" },
      big("./b", 700_000),
    ]);
    const { sink, bytes } = slowSink(1);
    await feed(tar, sink);
    expect(bytes().equals(tar)).toBe(true);
  });

  it("stops at a refused entry: the bytes written end before its header", async () => {
    const tar = makeTar([big("./a", 2_000_000), { name: "../evil", data: "x" }, big("./c", 500_000)]);
    const { sink, bytes } = slowSink(0);
    const err = await feed(tar, sink).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TarEntryError);
    expect((err as TarEntryError).entry).toBe("../evil");
    const evilAt = tar.indexOf("../evil");
    // Let writes already queued finish, then look at everything the sink ever got.
    await new Promise((r) => setTimeout(r, 50));
    expect(bytes().length).toBeLessThanOrEqual(evilAt);
    expect(bytes().includes("../evil")).toBe(false);
  });

  it("refuses a truncated archive", async () => {
    const tar = makeTar([big("./a", 300_000)]);
    const { sink } = slowSink(0);
    await expect(feed(tar.subarray(0, 100_000), sink)).rejects.toThrow(/truncated/);
  });
});
