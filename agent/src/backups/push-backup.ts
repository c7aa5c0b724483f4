import fs from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { pipeline } from "node:stream/promises";
import { type BackupPushResult, describeStoreRefusal } from "../../protocol/backups";
import type { Log } from "../driver/container-driver";
import { AgentError } from "../errors";
import type { BackupStore } from "./backup-store";

// Uploads one archive to a remote store through a URL the panel presigned for that one object (S3's PUT
// Object): the bytes go from this node's disk to the store with their length up front, and nothing of the
// store's credentials is ever on the node. The store's refusal (its own code and message) is passed back.

const ERROR_BODY_LIMIT = 4096;

export async function pushBackup(
  store: BackupStore,
  o: { archive: string; url: string },
  log: Log,
): Promise<BackupPushResult> {
  const info = await store.info(o.archive);
  const u = new URL(o.url);
  const mod = u.protocol === "https:" ? https : u.protocol === "http:" ? http : null;
  if (!mod) throw new AgentError("BAD_REQUEST", `unsupported URL scheme ${u.protocol}`);
  const handle = await fs.open(store.file(o.archive), "r");
  const started = Date.now();
  log(`Uploading backup ${o.archive} (${info.size} bytes) to ${u.host}`);
  try {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = mod.request(
        u,
        {
          method: "PUT",
          headers: { "content-length": String(info.size), "content-type": "application/zstd" },
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => {
            if (body.length < ERROR_BODY_LIMIT) body += d;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      pipeline(handle.createReadStream({ start: 0, end: info.size - 1, autoClose: false }), req).catch(
        reject,
      );
    });
    if (answer.status < 200 || answer.status > 299)
      throw new AgentError(
        "SYSTEM_ERROR",
        `the remote store refused backup ${o.archive}: ${describeStoreRefusal(answer.status, answer.body)}`,
      );
  } catch (err) {
    if (err instanceof AgentError) throw err;
    throw new AgentError(
      "SYSTEM_ERROR",
      `could not upload backup ${o.archive} to ${u.host}: ${(err as Error).message}`,
    );
  } finally {
    await handle.close();
  }
  const durationMs = Date.now() - started;
  log(`Backup ${o.archive} uploaded in ${(durationMs / 1000).toFixed(1)} s`);
  return { archive: o.archive, bytes: info.size, durationMs };
}
