import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanupTestEnv,
  loopsOf,
  makeTestEnv,
  mountsUnder,
  quiet,
  TEST_TEMPLATE,
  type TestEnv,
} from "./helpers";
import { ATTACKS, BASE, makeTar } from "./tar-writer";

const execFileP = promisify(execFile);
let t: TestEnv;
let work: string;

beforeAll(async () => {
  t = await makeTestEnv();
  work = path.join(t.dir, "work");
  await fs.mkdir(work);
});

afterAll(async () => {
  await cleanupTestEnv(t);
});

const cacheFiles = async () => (await fs.readdir(t.driver.paths.templateCache)).sort();

describe("template tarball attacks", () => {
  for (const [i, a] of ATTACKS.entries()) {
    it(`refuses ${a.label} when adding to the cache and when creating from it, leaving nothing behind`, async () => {
      const before = await cacheFiles();
      const file = path.join(work, `evil-${i}.tar.gz`);
      await fs.writeFile(file, gzipSync(makeTar(a.entries)));
      await expect(t.driver.templates.add(file, `evil-${i}`)).rejects.toThrow(JSON.stringify(a.bad));
      expect(await cacheFiles()).toEqual(before);

      // Planted straight into the cache (as by hand): create still checks every entry first.
      const planted = path.join(t.driver.paths.templateCache, `planted-${i}.tar.gz`);
      await fs.copyFile(file, planted);
      const ctid = 300 + i;
      await expect(
        t.driver.create(
          ctid,
          { ostemplate: `planted-${i}`, diskspace: { barrier: 16384, limit: 16384 } },
          quiet,
        ),
      ).rejects.toThrow(JSON.stringify(a.bad));
      await fs.rm(planted);
      expect((await t.driver.status(ctid)).exists).toBe(false);
      await expect(fs.stat(t.driver.paths.image(ctid))).rejects.toThrow();
      await expect(fs.stat(t.driver.paths.rootfs(ctid))).rejects.toThrow();
      expect(await mountsUnder(t.dir)).toEqual([]);
      expect(await loopsOf(t.dir)).toEqual([]);
      for (const p of ["/evil", "/tmp/evil", "/pax-evil", path.join(t.dir, "evil")])
        await expect(fs.stat(p)).rejects.toThrow();
    });
  }
});

describe("template formats and downloads", () => {
  it("adds .tar.xz and .tar.zst templates after checking them", async () => {
    const tar = path.join(work, "good.tar");
    await fs.writeFile(tar, makeTar(BASE));
    await execFileP("xz", ["-k", "-f", tar]);
    await execFileP("zstd", ["-q", "-f", tar, "-o", `${tar}.zst`]);
    const xz = await t.driver.templates.add(`${tar}.xz`, "good-xz");
    const zst = await t.driver.templates.add(`${tar}.zst`, "good-zst");
    expect(xz.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(zst.sha256).toMatch(/^[0-9a-f]{64}$/);
    const evil = path.join(work, "evil.tar");
    await fs.writeFile(evil, makeTar(ATTACKS[0]?.entries ?? []));
    await execFileP("zstd", ["-q", "-f", evil, "-o", `${evil}.zst`]);
    await expect(t.driver.templates.add(`${evil}.zst`, "evil-zst")).rejects.toThrow("/etc/evil");
    expect((await cacheFiles()).filter((f) => f.includes("evil"))).toEqual([]);
  });

  it("downloads with sha256 verification; a mismatch or bad tarball never enters the cache", async () => {
    const good = await fs.readFile(path.join(t.driver.paths.templateCache, `${TEST_TEMPLATE}.tar.gz`));
    const goodSha =
      (
        await fs.readFile(path.join(t.driver.paths.templateCache, `${TEST_TEMPLATE}.tar.gz.sha256`), "utf8")
      ).split(" ")[0] ?? "";
    const server = http.createServer((req, res) => {
      if (req.url === "/t/dl.tar.gz") res.end(good);
      else if (req.url === "/t/cut.tar.gz") {
        res.writeHead(200, { "content-length": good.length });
        res.end(good.subarray(0, 1000));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const before = await cacheFiles();
      await expect(
        t.driver.templates.download(`http://127.0.0.1:${port}/t/dl.tar.gz`, "dl-bad", "0".repeat(64)),
      ).rejects.toThrow(/sha256 mismatch/);
      await expect(
        t.driver.templates.download(`http://127.0.0.1:${port}/t/cut.tar.gz`, "dl-cut", goodSha),
      ).rejects.toThrow();
      await expect(
        t.driver.templates.download(`http://127.0.0.1:${port}/t/missing.tar.gz`, "dl-404", goodSha),
      ).rejects.toThrow(/HTTP 404/);
      expect(await cacheFiles()).toEqual(before);
      const info = await t.driver.templates.download(
        `http://127.0.0.1:${port}/t/dl.tar.gz`,
        "dl-good",
        goodSha,
      );
      expect(info.sha256).toBe(goodSha);
      expect(await cacheFiles()).toContain("dl-good.tar.gz");
    } finally {
      server.close();
    }
  });

  it("a template whose cached sha256 no longer matches is refused at create", async () => {
    const f = path.join(t.driver.paths.templateCache, "dl-good.tar.gz.sha256");
    await fs.writeFile(f, `${"1".repeat(64)}  dl-good.tar.gz\n`);
    await expect(
      t.driver.create(398, { ostemplate: "dl-good", diskspace: { barrier: 16384, limit: 16384 } }, quiet),
    ).rejects.toThrow(/does not match/);
    expect((await t.driver.status(398)).exists).toBe(false);
    expect(await loopsOf(t.dir)).toEqual([]);
  });
});
