import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUP_HEADER_BYTES, type BackupManifest } from "../protocol/backups";
import { decodeHeader, encodeHeader } from "../src/backups/archive-format";
import { BackupStore } from "../src/backups/backup-store";
import { createBackup } from "../src/backups/create-backup";
import { restoreBackup } from "../src/backups/restore-backup";
import { LxcDriver } from "../src/driver/lxc-driver";
import {
  cleanupTestEnv,
  cli,
  loopsOf,
  makeTestEnv,
  mountsUnder,
  quiet,
  TEST_TEMPLATE,
  type TestEnv,
} from "./helpers";
import { makeTar } from "./tar-writer";

// vzdump/vzrestore on real LXC. CTIDs 440-449 and veth prefix "vbk" are this file's own, so it can run beside
// other integration files.

const execFileP = promisify(execFile);
let t: TestEnv;
let store: BackupStore;
const CT = 441;

beforeAll(async () => {
  t = await makeTestEnv();
  t.env.BERTH_VETH_PREFIX = "vbk";
  t.driver = new LxcDriver({
    paths: t.driver.paths,
    network: { mode: "routed", bridge: "berthbk0", bridgeCidr: "10.231.214.1/24", vethPrefix: "vbk" },
  });
  await t.driver.init();
  store = new BackupStore(t.driver.paths);
  await t.driver.create(
    CT,
    {
      ostemplate: TEST_TEMPLATE,
      ipadd: ["10.231.214.41"],
      hostname: "backup-src.test",
      diskspace: { barrier: 262144, limit: 262144 },
    },
    quiet,
  );
  await t.driver.set(
    CT,
    { physpages: { barrier: 0, limit: 30000 }, numproc: { barrier: 123, limit: 123 }, cpulimit: 50 },
    true,
    quiet,
  );
  await t.driver.start(CT, quiet);
  const w = await t.driver.exec(CT, [
    "sh",
    "-c",
    "echo hello > /root/data && dd if=/dev/urandom of=/root/rand bs=1M count=8 2>/dev/null && mkdir -p /srv/d && ln -s ../../root/data /srv/d/link && ln /root/data /srv/hard",
  ]);
  expect(w.code).toBe(0);
});

afterAll(async () => {
  await cleanupTestEnv(t);
});

const FILES = ["/root/data", "/root/rand", "/srv/hard", "/srv/d/link", "/bin/busybox"];

async function checksums(ctid: number): Promise<string> {
  const r = await t.driver.exec(ctid, ["sha256sum", ...FILES]);
  expect(r.code).toBe(0);
  return r.stdout;
}

const conf = (ctid: number) => fs.readFile(t.driver.paths.conf(ctid), "utf8");
const keysOf = (text: string, keys: string[]) =>
  keys.map((k) => text.split("\n").find((l) => l.startsWith(`${k}=`)) ?? `${k} missing`);
const KEYS = ["HOSTNAME", "PHYSPAGES", "NUMPROC", "CPULIMIT", "DISKSPACE", "IP_ADDRESS"];

async function expectNothingLeftFor(ctid: number): Promise<void> {
  expect(existsSync(t.driver.paths.conf(ctid))).toBe(false);
  expect(existsSync(t.driver.paths.image(ctid))).toBe(false);
  expect(existsSync(t.driver.paths.creating(ctid))).toBe(false);
  expect((await mountsUnder(t.dir)).filter((m) => m.includes(`/${ctid}`))).toEqual([]);
  expect((await loopsOf(t.dir)).filter((l) => l.includes(`/${ctid}.img`))).toEqual([]);
}

/** An archive with a correct manifest around a payload made here: the checks that are left are the entries'. */
async function craftArchive(name: string, tar: Buffer, base: BackupManifest): Promise<string> {
  const tarFile = path.join(t.dir, `${name}.tar`);
  await fs.writeFile(tarFile, tar);
  await execFileP("zstd", ["-q", "-f", tarFile, "-o", `${tarFile}.zst`]);
  const payload = await fs.readFile(`${tarFile}.zst`);
  const manifest: BackupManifest = {
    ...base,
    payload: { bytes: payload.length, sha256: createHash("sha256").update(payload).digest("hex") },
    rootfs: { entries: 0, bytes: 0 },
  };
  const file = path.join(t.dir, `${name}.tar.zst`);
  await fs.writeFile(file, Buffer.concat([encodeHeader(manifest), payload]));
  return file;
}

async function manifestOf(file: string): Promise<BackupManifest> {
  const h = await fs.open(file, "r");
  try {
    const buf = Buffer.alloc(BACKUP_HEADER_BYTES);
    await h.read(buf, 0, BACKUP_HEADER_BYTES, 0);
    return decodeHeader(buf);
  } finally {
    await h.close();
  }
}

describe("vzdump and vzrestore", () => {
  let archive: string;
  let sums: string;
  let originalConf: string;

  it("backs up (stop mode), destroys, restores to another CTID: files, limits and host name identical", async () => {
    sums = await checksums(CT);
    originalConf = await conf(CT);
    const b = await createBackup(t.driver, CT, { mode: "stop", log: quiet });
    archive = store.file(b.archive);
    expect(b.manifest.ctid).toBe(CT);
    expect(b.manifest.hostname).toBe("backup-src.test");
    expect(b.manifest.config.NUMPROC).toBe("123:123");
    expect(b.manifest.downtimeMs).toBeGreaterThan(0);
    expect(await t.driver.isRunning(CT)).toBe(true);
    // The archive is a plain zstd tar too: zstd skips the manifest frame.
    const { stdout } = await execFileP("sh", ["-c", `zstd -dc '${archive}' | tar -t | grep -c root/rand`]);
    expect(stdout.trim()).toBe("1");

    await t.driver.stop(CT, {}, quiet);
    await t.driver.destroy(CT, quiet);
    const r = await restoreBackup(t.driver, archive, 442, { start: true, log: quiet });
    expect(r.started).toBe(true);
    expect(await checksums(442)).toBe(sums);
    expect(keysOf(await conf(442), KEYS)).toEqual(keysOf(originalConf, KEYS));
    const h = await t.driver.exec(442, ["hostname"]);
    expect(h.stdout.trim()).toBe("backup-src.test");
    const mem = await fs.readFile(
      path.join(t.driver.cgroups.dir("memory", 442), "memory.limit_in_bytes"),
      "utf8",
    );
    expect(Number(mem)).toBe(30000 * 4096);
  });

  it("vzrestore on the command line puts it back under its own CTID; an existing CTID needs --force", async () => {
    await t.driver.stop(442, {}, quiet);
    await t.driver.destroy(442, quiet);
    const r = await cli(t, ["vzrestore", path.basename(archive), String(CT), "--start"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(await checksums(CT)).toBe(sums);
    const again = await cli(t, ["vzrestore", archive, String(CT)]);
    expect(again.code).toBe(44);
    expect(again.stderr).toContain("already exists");
    const list = await cli(t, ["vzdump", "--list"]);
    expect(list.stdout).toContain(path.basename(archive));
  });

  it("refuses a tampered payload (checksum) and leaves nothing behind", async () => {
    const bad = path.join(t.dir, "tampered.tar.zst");
    await fs.copyFile(archive, bad);
    const h = await fs.open(bad, "r+");
    await h.write(Buffer.from([0x42, 0x42, 0x42, 0x42]), 0, 4, BACKUP_HEADER_BYTES + 50_000);
    await h.close();
    await expect(restoreBackup(t.driver, bad, 443, { keepIps: false, log: quiet })).rejects.toThrow(
      /does not match its manifest/,
    );
    await expectNothingLeftFor(443);
  });

  it("refuses a well-formed payload that is not the one its manifest names, after extracting it, and removes it", async () => {
    // Another backup's payload behind this one's manifest: zstd and tar are happy, only the checksum is not.
    const other = await createBackup(t.driver, CT, { mode: "snapshot", log: quiet });
    const a = await fs.readFile(archive);
    const b = await fs.readFile(store.file(other.archive));
    const swapped = path.join(t.dir, "swapped.tar.zst");
    await fs.writeFile(
      swapped,
      Buffer.concat([a.subarray(0, BACKUP_HEADER_BYTES), b.subarray(BACKUP_HEADER_BYTES)]),
    );
    await expect(restoreBackup(t.driver, swapped, 443, { keepIps: false, log: quiet })).rejects.toThrow(
      /does not match its manifest/,
    );
    await expectNothingLeftFor(443);
    // A manifest edited to claim another checksum is refused the same way.
    const m = await manifestOf(archive);
    const forged = path.join(t.dir, "forged.tar.zst");
    await fs.writeFile(
      forged,
      Buffer.concat([
        encodeHeader({ ...m, payload: { ...m.payload, sha256: "0".repeat(64) } }),
        a.subarray(BACKUP_HEADER_BYTES),
      ]),
    );
    await expect(restoreBackup(t.driver, forged, 443, { keepIps: false, log: quiet })).rejects.toThrow(
      /does not match its manifest/,
    );
    await expectNothingLeftFor(443);
  });

  it("refuses archives with escaping entries, even with a matching checksum", async () => {
    const base = await manifestOf(archive);
    const cases: [string, Parameters<typeof makeTar>[0], RegExp][] = [
      [
        "dotdot",
        [
          { name: "./", type: "5" },
          { name: "../evil", data: "x" },
        ],
        /'\.\.' in the path/,
      ],
      ["absolute", [{ name: "/etc/evil", data: "x" }], /absolute path/],
      [
        "symlink-out",
        [
          { name: "./etc", type: "5" },
          { name: "./etc/up", type: "2", linkName: "../../../../../tmp" },
        ],
        /leaves the root/,
      ],
      [
        "through-symlink",
        [
          { name: "./etc", type: "5" },
          { name: "./etc/l", type: "2", linkName: "/tmp" },
          { name: "./etc/l/evil", data: "x" },
        ],
        /through the symlink/,
      ],
      ["hardlink-out", [{ name: "./h", type: "1", linkName: "../../etc/shadow" }], /leaves the root/],
      ["block-device", [{ name: "./sda", type: "4", devMajor: 8, devMinor: 0 }], /block device/],
    ];
    for (const [name, entries, why] of cases) {
      const file = await craftArchive(name, makeTar(entries), base);
      await expect(restoreBackup(t.driver, file, 444, { keepIps: false, log: quiet }), name).rejects.toThrow(
        why,
      );
      await expectNothingLeftFor(444);
    }
    expect(existsSync("/tmp/evil")).toBe(false);
  });

  it("a failed restore over an existing running container puts it back and running", async () => {
    const bad = path.join(t.dir, "tampered.tar.zst");
    expect(await t.driver.isRunning(CT)).toBe(true);
    const r = await cli(t, ["vzrestore", "--force", bad, String(CT)]);
    expect(r.code).toBe(17);
    expect(r.stderr).toContain("does not match its manifest");
    expect(await t.driver.isRunning(CT)).toBe(true);
    expect(await checksums(CT)).toBe(sums);
  });

  it("suspend mode freezes briefly and reports the frozen time; snapshot mode has no downtime", async () => {
    const s = await cli(t, ["vzdump", "--mode", "suspend", String(CT)]);
    expect(s.stderr).toBe("");
    expect(s.code).toBe(0);
    const frozen = Number(/frozen (\d+) ms/.exec(s.stdout)?.[1]);
    expect(frozen).toBeGreaterThanOrEqual(0);
    expect(frozen).toBeLessThan(2000);
    expect(await t.driver.isRunning(CT)).toBe(true);
    const freezerState = await fs.readFile(
      path.join(t.driver.cgroups.dir("freezer", CT), "freezer.state"),
      "utf8",
    );
    expect(freezerState.trim()).toBe("THAWED");
    const name = /archive (\S+)/.exec(s.stdout)?.[1] as string;
    const m = await manifestOf(name);
    expect(m.mode).toBe("suspend");
    expect(m.frozenMs).toBe(frozen);

    const snap = await createBackup(t.driver, CT, { mode: "snapshot", log: quiet });
    expect(snap.manifest.downtimeMs).toBe(0);
    expect(snap.manifest.frozenMs).toBeNull();

    // Each mode's archive restores to the same data.
    for (const file of [name, store.file(snap.archive)]) {
      const r = await restoreBackup(t.driver, file, 445, { keepIps: false, log: quiet });
      expect(r.dropped).toEqual(["IP_ADDRESS"]);
      await t.driver.start(445, quiet);
      expect(await checksums(445)).toBe(sums);
      await t.driver.stop(445, { fast: true }, quiet);
      await t.driver.destroy(445, quiet);
    }
  });

  it("refuses to back up a container holding an entry a restore would refuse, naming it", async () => {
    const w = await t.driver.exec(CT, ["ln", "-s", "../../../../../../etc", "/root/up"]);
    expect(w.code).toBe(0);
    try {
      await expect(createBackup(t.driver, CT, { mode: "snapshot", log: quiet })).rejects.toThrow(
        /entry a restore would refuse: ".\/root\/up" \(symlink target .* leaves the root\)/,
      );
      expect(await t.driver.isRunning(CT)).toBe(true);
    } finally {
      await t.driver.exec(CT, ["rm", "/root/up"]);
    }
  });

  it("leaves no work files, mounts or loops behind in the backup directory", async () => {
    const names = await fs.readdir(store.dir);
    expect(names.filter((n) => n.startsWith("."))).toEqual([]);
    expect((await mountsUnder(store.dir)).length).toBe(0);
  });
});
