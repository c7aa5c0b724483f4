import { execFileSync } from "node:child_process";
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { checkTarEntry } from "@/agent/protocol/tar-check";
import { checkTemplateArchive } from "./check-template-archive";

// Crafted tarballs, written header by header so that entries no honest tar would write can be made
// without root (device nodes) or without tar refusing them (absolute paths, '..').

type Entry = {
  name: string;
  type?: string;
  data?: string;
  linkName?: string;
  dev?: [number, number];
};

function octal(value: number, len: number): string {
  return `${value.toString(8).padStart(len - 1, "0")}\0`;
}

function header(e: { name: string; type: string; size: number; linkName?: string; dev?: [number, number] }) {
  const h = Buffer.alloc(512);
  h.write(e.name, 0, 100, "utf8");
  h.write(octal(e.type === "5" ? 0o755 : 0o644, 8), 100, "latin1");
  h.write(octal(0, 8), 108, "latin1");
  h.write(octal(0, 8), 116, "latin1");
  h.write(octal(e.size, 12), 124, "latin1");
  h.write(octal(1_700_000_000, 12), 136, "latin1");
  h.write("        ", 148, "latin1");
  h.write(e.type, 156, "latin1");
  if (e.linkName) h.write(e.linkName, 157, 100, "utf8");
  h.write("ustar\0", 257, "latin1");
  h.write("00", 263, "latin1");
  h.write(octal(e.dev?.[0] ?? 0, 8), 329, "latin1");
  h.write(octal(e.dev?.[1] ?? 0, 8), 337, "latin1");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return h;
}

function pad(buf: Buffer): Buffer {
  const rest = buf.length % 512;
  return rest ? Buffer.concat([buf, Buffer.alloc(512 - rest)]) : buf;
}

function tarball(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? "");
    const type = e.type ?? "0";
    parts.push(header({ name: e.name, type, size: data.length, linkName: e.linkName, dev: e.dev }));
    if (data.length) parts.push(pad(data));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function paxRecord(key: string, value: string): string {
  // The length prefix counts itself.
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (`${len}${body}`.length !== len) len++;
  return `${len}${body}`;
}

const dir = mkdtempSync(path.join(tmpdir(), "berth-tar-check-"));
let n = 0;
function writeGz(tar: Buffer): string {
  const file = path.join(dir, `t${n++}.tar.gz`);
  writeFileSync(file, gzipSync(tar));
  return file;
}

const base: Entry[] = [
  { name: "./", type: "5" },
  { name: "./etc/", type: "5" },
  { name: "./etc/hostname", data: "localhost\n" },
];

async function refusal(entries: Entry[]): Promise<string> {
  const err = await checkTemplateArchive(writeGz(tarball([...base, ...entries]))).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  return (err as Error).message;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("template archive check", () => {
  it("accepts a good archive made by tar, in gz, xz and zst", async () => {
    const root = path.join(dir, "root");
    mkdirSync(path.join(root, "bin"), { recursive: true });
    mkdirSync(path.join(root, "etc"), { recursive: true });
    writeFileSync(path.join(root, "bin/busybox"), "#!/bin/sh\n");
    symlinkSync("/bin/busybox", path.join(root, "bin/sh"));
    symlinkSync("../bin/busybox", path.join(root, "etc/relative"));
    linkSync(path.join(root, "bin/busybox"), path.join(root, "bin/hard"));
    writeFileSync(path.join(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    for (const [flag, ext] of [
      ["-z", "gz"],
      ["-J", "xz"],
      ["--zstd", "zst"],
    ] as const) {
      const file = path.join(dir, `good.tar.${ext}`);
      execFileSync("tar", ["--numeric-owner", "-C", root, flag, "-cf", file, "."]);
      const res = await checkTemplateArchive(file);
      expect(res.format).toBe(`tar.${ext}`);
      expect(res.summary.entries).toBe(8);
    }
  });

  it("accepts the busybox test template of scripts/build-test-template", async () => {
    const out = path.join(dir, "cache");
    execFileSync("bash", [path.resolve("scripts/build-test-template"), out], { stdio: "ignore" });
    const res = await checkTemplateArchive(path.join(out, "busybox-1.35-x86_64-test.tar.gz"));
    expect(res.summary.entries).toBeGreaterThan(100);
  }, 60_000); // building the template takes seconds on a busy machine

  it("accepts the basic character devices", async () => {
    const res = await checkTemplateArchive(
      writeGz(
        tarball([
          ...base,
          { name: "./dev/", type: "5" },
          { name: "./dev/null", type: "3", dev: [1, 3] },
          { name: "./dev/tty", type: "3", dev: [5, 0] },
        ]),
      ),
    );
    expect(res.summary.entries).toBe(6);
  });

  it("refuses an absolute path, naming the entry", async () => {
    expect(await refusal([{ name: "/etc/shadow", data: "x" }])).toMatch(
      /entry "\/etc\/shadow": absolute path/,
    );
  });

  it("refuses '..' in a path", async () => {
    expect(await refusal([{ name: "./etc/../../evil", data: "x" }])).toMatch(
      /entry "\.\/etc\/\.\.\/\.\.\/evil": '\.\.' in the path/,
    );
  });

  it("refuses a symlink whose target leaves the root", async () => {
    expect(await refusal([{ name: "./etc/link", type: "2", linkName: "../../root/.ssh" }])).toMatch(
      /entry "\.\/etc\/link": symlink target \.\.\/\.\.\/root\/\.ssh leaves the root/,
    );
  });

  it("refuses writing through a symlink the archive planted", async () => {
    expect(
      await refusal([
        { name: "./host", type: "2", linkName: "/" },
        { name: "./host/etc/cron.d/evil", data: "* * * * * root sh\n" },
      ]),
    ).toMatch(/entry "\.\/host\/etc\/cron\.d\/evil": path goes through the symlink host/);
  });

  it("refuses a hard link out of the root", async () => {
    expect(await refusal([{ name: "./etc/shadow-link", type: "1", linkName: "../../etc/shadow" }])).toMatch(
      /entry "\.\/etc\/shadow-link": hard link target \.\.\/\.\.\/etc\/shadow leaves the root/,
    );
    expect(await refusal([{ name: "./etc/abs", type: "1", linkName: "/etc/shadow" }])).toMatch(
      /entry "\.\/etc\/abs": hard link to the absolute path \/etc\/shadow/,
    );
  });

  it("refuses block devices and other character devices", async () => {
    expect(await refusal([{ name: "./dev/sda", type: "4", dev: [8, 0] }])).toMatch(
      /entry "\.\/dev\/sda": block device 8:0 is not allowed/,
    );
    expect(await refusal([{ name: "./dev/mem", type: "3", dev: [1, 1] }])).toMatch(
      /entry "\.\/dev\/mem": character device 1:1 is not one of the basic devices/,
    );
  });

  it("reads the path a pax header gives, as tar would", async () => {
    const pax = paxRecord("path", "../escaped");
    expect(
      await refusal([
        { name: "./PaxHeaders/x", type: "x", data: pax },
        { name: "./innocent", data: "x" },
      ]),
    ).toMatch(/entry "\.\.\/escaped": '\.\.' in the path/);
  });

  it("refuses a file that is not a tar archive, and a truncated one", async () => {
    const junk = path.join(dir, "junk.tar.gz");
    writeFileSync(junk, gzipSync(Buffer.alloc(2048, 7)));
    await expect(checkTemplateArchive(junk)).rejects.toThrow(/not a tar archive/);
    const plain = path.join(dir, "plain.txt");
    writeFileSync(plain, "hello");
    await expect(checkTemplateArchive(plain)).rejects.toThrow(
      /expected a \.tar\.gz, \.tar\.xz or \.tar\.zst/,
    );
    const whole = tarball([...base, { name: "./big", data: "y".repeat(5000) }]);
    const cut = path.join(dir, "cut.tar.gz");
    writeFileSync(cut, gzipSync(whole.subarray(0, 2048 + 512 + 100)));
    await expect(checkTemplateArchive(cut)).rejects.toThrow(/truncated/);
  });

  it("checks one entry without a tarball", () => {
    const links = new Set<string>();
    expect(() =>
      checkTarEntry({ name: "a/b", type: "2", size: 0, linkName: "../..", devMajor: 0, devMinor: 0 }, links),
    ).toThrow(/leaves the root/);
    checkTarEntry({ name: "a/b", type: "2", size: 0, linkName: "..", devMajor: 0, devMinor: 0 }, links);
    expect(links.has("a/b")).toBe(true);
    // A directory at the symlink's path replaces it: writing below it is fine again.
    checkTarEntry({ name: "a/b/", type: "5", size: 0, linkName: "", devMajor: 0, devMinor: 0 }, links);
    checkTarEntry({ name: "a/b/c", type: "0", size: 1, linkName: "", devMajor: 0, devMinor: 0 }, links);
    expect(() =>
      checkTarEntry({ name: "s", type: "S", size: 0, linkName: "", devMajor: 0, devMinor: 0 }, links),
    ).toThrow(/unsupported entry type/);
  });
});
