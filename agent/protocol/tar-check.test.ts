import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { ATTACKS, BASE, makeTar } from "../test/tar-writer";
import { checkTarEntry, TarChecker, TarEntryError, TarFormatError } from "./tar-check";

async function check(buf: Buffer, limits?: ConstructorParameters<typeof TarChecker>[0]) {
  const c = new TarChecker(limits);
  // Feed in odd-sized chunks so header parsing across chunk boundaries is exercised.
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += 333) chunks.push(buf.subarray(i, i + 333));
  await pipeline(Readable.from(chunks), c);
  return c.summary;
}

describe("tar entry checks", () => {
  it("accepts an ordinary rootfs with absolute in-root symlinks and allowed device nodes", async () => {
    const s = await check(makeTar(BASE));
    expect(s.entries).toBe(BASE.length);
  });

  for (const a of ATTACKS) {
    it(`refuses ${a.label}, naming the entry`, async () => {
      const err = await check(makeTar(a.entries)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TarEntryError);
      expect((err as TarEntryError).entry).toBe(a.bad);
      expect((err as Error).message).toContain(JSON.stringify(a.bad));
    });
  }

  it("reads an old GNU header's name without a ustar prefix", async () => {
    const tar = makeTar([{ name: "/etc/evil", data: "x" }]);
    // Turn the header into old GNU format and put junk where POSIX keeps the prefix.
    tar.write("ustar  \0", 257, "latin1");
    tar.write("junk", 345, "latin1");
    let sum = 0;
    tar.write("        ", 148, "latin1");
    for (let i = 0; i < 512; i++) sum += tar[i] ?? 0;
    tar.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
    await expect(check(tar)).rejects.toThrow(/absolute path/);
  });

  it("reads octal fields padded with spaces (old tars) like zero-padded ones, and refuses junk in them", async () => {
    const tar = makeTar([{ name: "./a", data: "y".repeat(600) }]);
    // Size "    1130 " (space padded, no NUL), checksum " 123456\0"-style with a leading space.
    tar.write("       1130 ", 124, "latin1");
    const sum = () => {
      let n = 0;
      for (let i = 0; i < 512; i++) n += i >= 148 && i < 156 ? 32 : (tar[i] ?? 0);
      return n;
    };
    tar.write(` ${sum().toString(8).padStart(6, "0")}\0`, 148, "latin1");
    expect((await check(tar)).totalBytes).toBe(600);
    tar.write("      11x0 ", 124, "latin1");
    tar.write(` ${sum().toString(8).padStart(6, "0")}\0`, 148, "latin1");
    await expect(check(tar)).rejects.toThrow(/bad octal/);
  });

  it("refuses archives over the size limit", async () => {
    const tar = makeTar([{ name: "./big", data: "x".repeat(5000) }]);
    await expect(check(tar, { maxTotalBytes: 4096, maxEntries: 10, maxPathLength: 100 })).rejects.toThrow(
      /size limit/,
    );
  });

  it("refuses too many entries", async () => {
    const tar = makeTar(Array.from({ length: 5 }, (_, i) => ({ name: `./f${i}`, data: "x" })));
    await expect(check(tar, { maxTotalBytes: 1e9, maxEntries: 3, maxPathLength: 100 })).rejects.toThrow(
      /too many entries/,
    );
  });

  it("refuses garbage and truncated archives", async () => {
    await expect(check(Buffer.alloc(1024, 7))).rejects.toThrow(/checksum|bad octal/);
    const tar = makeTar([{ name: "./a", data: "y".repeat(2000) }]);
    await expect(check(tar.subarray(0, 1024))).rejects.toThrow(/truncated/);
    // Cut inside the second entry's header: the half header is never passed on, and the end says so.
    const two = makeTar([
      { name: "./a", data: "y" },
      { name: "./b", data: "z" },
    ]);
    await expect(check(two.subarray(0, 1024 + 200))).rejects.toThrow(TarFormatError);
  });

  it("a relative symlink that climbs but stays inside is fine; one that leaves is not", () => {
    const links = new Set<string>();
    expect(
      checkTarEntry(
        { name: "usr/lib/x", type: "2", linkName: "../../bin/busybox", size: 0, devMajor: 0, devMinor: 0 },
        links,
      ),
    ).toBe("usr/lib/x");
    expect(() =>
      checkTarEntry(
        { name: "usr/x", type: "2", linkName: "../../bin", size: 0, devMajor: 0, devMinor: 0 },
        links,
      ),
    ).toThrow(TarEntryError);
  });
});
