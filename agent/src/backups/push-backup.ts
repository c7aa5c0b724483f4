import fs from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { pipeline } from "node:stream/promises";
import { type BackupPushResult, describeStoreRefusal } from "../../protocol/backups";
import type { Log } from "../driver/container-driver";
import { AgentError } from "../errors";
import type { BackupStore } from "./backup-store";

// Uploads one archive to a remote store through URLs the panel presigned for that one object (S3's PUT Object,
// or the parts of a multipart upload the panel started): the bytes go from this node's disk to the store with
// their length up front, and nothing of the store's credentials is ever on the node. The store's refusal (its
// own code and message) is passed back.

const ERROR_BODY_LIMIT = 4096;

type Range = { url: string; offset: number; length: number };

/** One PUT of a byte range of the open archive; resolves with the store's ETag for it. */
function putRange(handle: fs.FileHandle, r: Range, archive: string): Promise<string> {
  const u = new URL(r.url);
  const mod = u.protocol === "https:" ? https : u.protocol === "http:" ? http : null;
  if (!mod) return Promise.reject(new AgentError("BAD_REQUEST", `unsupported URL scheme ${u.protocol}`));
  return new Promise<string>((resolve, reject) => {
    const req = mod.request(
      u,
      {
        method: "PUT",
        headers: { "content-length": String(r.length), "content-type": "application/zstd" },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          if (body.length < ERROR_BODY_LIMIT) body += d;
        });
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status <= 299) resolve(String(res.headers.etag ?? ""));
          else
            reject(
              new AgentError(
                "SYSTEM_ERROR",
                `the remote store refused backup ${archive}: ${describeStoreRefusal(status, body)}`,
              ),
            );
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    pipeline(
      handle.createReadStream({ start: r.offset, end: r.offset + r.length - 1, autoClose: false }),
      req,
    ).catch(reject);
  });
}

export async function pushBackup(
  store: BackupStore,
  o: { archive: string; url?: string; parts?: Range[] },
  log: Log,
): Promise<BackupPushResult> {
  const info = await store.info(o.archive);
  const ranges: Range[] = o.parts ?? [{ url: o.url ?? "", offset: 0, length: info.size }];
  let next = 0;
  for (const r of ranges) {
    if (r.offset !== next) throw new AgentError("BAD_REQUEST", "the parts do not follow each other");
    next += r.length;
  }
  if (next !== info.size)
    throw new AgentError("BAD_REQUEST", `the parts cover ${next} bytes; the archive has ${info.size}`);
  const host = new URL(ranges[0]?.url ?? "http://-").host;
  const handle = await fs.open(store.file(o.archive), "r");
  const started = Date.now();
  log(
    `Uploading backup ${o.archive} (${info.size} bytes) to ${host}${o.parts ? ` in ${ranges.length} parts` : ""}`,
  );
  const etags: string[] = [];
  try {
    for (const [i, r] of ranges.entries()) {
      etags.push(await putRange(handle, r, o.archive));
      if (o.parts) log(`Part ${i + 1} of ${ranges.length} uploaded`);
    }
  } catch (err) {
    if (err instanceof AgentError) throw err;
    throw new AgentError(
      "SYSTEM_ERROR",
      `could not upload backup ${o.archive} to ${host}: ${(err as Error).message}`,
    );
  } finally {
    await handle.close();
  }
  const durationMs = Date.now() - started;
  log(`Backup ${o.archive} uploaded in ${(durationMs / 1000).toFixed(1)} s`);
  return { archive: o.archive, bytes: info.size, durationMs, ...(o.parts ? { etags } : {}) };
}
