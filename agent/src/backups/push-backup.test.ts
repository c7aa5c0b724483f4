import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackupStore } from "./backup-store";
import { pushBackup } from "./push-backup";

// backup.push against a real HTTP server on loopback that answers as S3 does: an ETag per PUT, or an XML
// error. The archive is a plain file; the store's manifest reading is not what is tested here.

const ARCHIVE = "vzdump-101-2026_11_27-10_00_00.tar.zst";
const dir = mkdtempSync(path.join(tmpdir(), "berth-push-"));
const file = path.join(dir, ARCHIVE);
const data = Buffer.from("0123456789abcdefghij"); // 20 bytes
const store = {
  info: async () => ({ archive: ARCHIVE, size: data.length }),
  file: () => file,
} as unknown as BackupStore;
const received: { url: string; body: string }[] = [];
let base = "";
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString();
    received.push({ url: req.url ?? "", body });
    if (req.url?.includes("refuse")) {
      res.writeHead(403, { "content-type": "application/xml" });
      res.end("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
      return;
    }
    res.writeHead(200, { etag: `"etag-${body}"` });
    res.end();
  });
});

beforeAll(async () => {
  writeFileSync(file, data);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("backup.push", () => {
  it("sends the whole archive in one PUT, or each part's byte range with its ETag back", async () => {
    received.length = 0;
    const one = await pushBackup(store, { archive: ARCHIVE, url: `${base}/b/k` }, () => undefined);
    expect(one).toMatchObject({ bytes: 20 });
    expect(one.etags).toBeUndefined();
    const parts = [
      { url: `${base}/b/k?partNumber=1`, offset: 0, length: 8 },
      { url: `${base}/b/k?partNumber=2`, offset: 8, length: 8 },
      { url: `${base}/b/k?partNumber=3`, offset: 16, length: 4 },
    ];
    const multi = await pushBackup(store, { archive: ARCHIVE, parts }, () => undefined);
    expect(multi.etags).toEqual(['"etag-01234567"', '"etag-89abcdef"', '"etag-ghij"']);
    expect(received.map((r) => r.body)).toEqual([data.toString(), "01234567", "89abcdef", "ghij"]);
  });

  it("refuses parts that leave a gap or do not cover the archive, before sending anything", async () => {
    received.length = 0;
    const gap = [
      { url: `${base}/1`, offset: 0, length: 8 },
      { url: `${base}/2`, offset: 9, length: 11 },
    ];
    await expect(pushBackup(store, { archive: ARCHIVE, parts: gap }, () => undefined)).rejects.toThrow(
      "the parts do not follow each other",
    );
    const short = [{ url: `${base}/1`, offset: 0, length: 19 }];
    await expect(pushBackup(store, { archive: ARCHIVE, parts: short }, () => undefined)).rejects.toThrow(
      "the parts cover 19 bytes; the archive has 20",
    );
    expect(received).toEqual([]);
  });

  it("passes the store's refusal back in its own words", async () => {
    await expect(
      pushBackup(store, { archive: ARCHIVE, url: `${base}/refuse` }, () => undefined),
    ).rejects.toThrow(
      `the remote store refused backup ${ARCHIVE}: HTTP 403 AccessDenied: Request has expired`,
    );
  });
});
