// An S3-compatible store for tests of the remote backup copies: s3rver (from the npm registry) keeps the
// objects on disk, behind a front that checks each request's presigned SigV4 query (credential, expiry,
// signature) the way S3 does, since s3rver itself does not check V4 signatures. MinIO and the like are
// binaries downloaded from their vendors, which this project's machines cannot fetch.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { presignS3Url } from "../backups/s3-presign";

export type TestS3Store = {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The objects' keys and sizes as the store holds them. */
  objects: () => Map<string, number>;
  /** The requests the front refused, with the reason (a test can check a refusal was the store's). */
  refusals: string[];
  close: () => Promise<void>;
};

const ACCESS_KEY = "S3RVER";
const SECRET_KEY = "S3RVER";
const REGION = "us-east-1";
const OBJECT_SUFFIX = "._S3rver_object";

function s3Error(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

/** Why S3 would refuse this presigned request, or null when it would take it. */
function checkPresigned(req: http.IncomingMessage, origin: string): string | null {
  const url = new URL(req.url ?? "/", origin);
  const q = url.searchParams;
  const date = q.get("X-Amz-Date") ?? "";
  const credential = q.get("X-Amz-Credential") ?? "";
  const expires = Number(q.get("X-Amz-Expires"));
  if (q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return "AccessDenied: not a presigned SigV4 request";
  if (!credential.startsWith(`${ACCESS_KEY}/`)) return "InvalidAccessKeyId: unknown access key";
  if (!/^\d{8}T\d{6}Z$/.test(date)) return "AccessDenied: bad X-Amz-Date";
  const signedAt = new Date(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
  );
  if (Date.now() > signedAt.getTime() + expires * 1000) return "AccessDenied: Request has expired";
  const own = Object.fromEntries([...q.entries()].filter(([k]) => !k.startsWith("X-Amz-")));
  const expected = presignS3Url({
    method: req.method as "GET" | "PUT" | "POST" | "DELETE" | "HEAD",
    origin: `http://${req.headers.host}`,
    path: decodeURIComponent(url.pathname),
    query: own,
    region: credential.split("/")[2] ?? REGION,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    expiresSec: expires,
    now: signedAt,
  });
  const given = q.get("X-Amz-Signature");
  if (new URL(expected).searchParams.get("X-Amz-Signature") !== given)
    return "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.";
  return null;
}

export async function startTestS3Store(bucket = "berth-backups"): Promise<TestS3Store> {
  const directory = mkdtempSync(path.join(tmpdir(), "berth-s3-"));
  const store = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const inner = await store.run();
  const refusals: string[] = [];
  const front = http.createServer((req, res) => {
    const why = checkPresigned(req, "http://front");
    if (why) {
      refusals.push(`${req.method} ${req.url?.split("?")[0]}: ${why}`);
      req.resume();
      const [code = "AccessDenied", message = why] = why.split(": ");
      s3Error(res, 403, code, message);
      return;
    }
    const forward = http.request(
      { host: "127.0.0.1", port: inner.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => s3Error(res, 502, "InternalError", "the store behind the front failed"));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const port = (front.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: REGION,
    bucket,
    accessKeyId: ACCESS_KEY,
    secretAccessKey: SECRET_KEY,
    refusals,
    objects: () => {
      const found = new Map<string, number>();
      const walk = (dir: string, rel: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const abs = path.join(dir, e.name);
          if (e.isDirectory()) walk(abs, rel ? `${rel}/${e.name}` : e.name);
          else if (e.name.endsWith(OBJECT_SUFFIX))
            found.set(`${rel ? `${rel}/` : ""}${e.name.slice(0, -OBJECT_SUFFIX.length)}`, statSync(abs).size);
        }
      };
      walk(path.join(directory, bucket), "");
      return found;
    },
    close: async () => {
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await store.close().catch(() => undefined);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
