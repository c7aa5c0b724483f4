import { createHash, createHmac } from "node:crypto";

// AWS Signature Version 4 in the query string (a presigned URL), for S3 and the stores that speak its API
// (MinIO, Ceph RGW, Garage, Wasabi, Backblaze B2, ...). One URL allows one method on one object until it
// expires; whoever holds it needs no credentials, which is how a node uploads or downloads a backup.

export type S3Credentials = { accessKeyId: string; secretAccessKey: string };

/**
 * SigV4's URI encoding: every UTF-8 byte except A-Z a-z 0-9 - . _ ~ as %XX (upper case); "/" is kept in a
 * path and encoded in a query value.
 */
export function s3UriEncode(text: string, isPath: boolean): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const isUnreserved =
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x2d ||
      byte === 0x2e ||
      byte === 0x5f ||
      byte === 0x7e;
    if (isUnreserved || (isPath && byte === 0x2f)) out += String.fromCharCode(byte);
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");

/** 20130524T000000Z */
function amzDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * A presigned URL for `method` on `origin` + `path` (the path as the store sees it, not yet encoded: for
 * path-style addressing "/<bucket>/<key>"). Only the host header is signed and the payload is unsigned, so
 * any client can use the URL as it is. `expiresSec` is at most 7 days (604800), as S3 allows.
 */
export function presignS3Url(o: {
  method: "GET" | "PUT" | "POST" | "DELETE" | "HEAD";
  origin: string;
  path: string;
  /** The request's own query parameters (a sub-resource such as `uploads`, or `partNumber` and `uploadId`). */
  query?: Record<string, string>;
  region: string;
  credentials: S3Credentials;
  expiresSec: number;
  now?: Date;
}): string {
  if (!Number.isInteger(o.expiresSec) || o.expiresSec < 1 || o.expiresSec > 604_800)
    throw new Error("a presigned URL lives 1 s to 7 days");
  const base = new URL(o.origin);
  const date = amzDate(o.now ?? new Date());
  const scope = `${date.slice(0, 8)}/${o.region}/s3/aws4_request`;
  const canonicalUri = s3UriEncode(o.path.startsWith("/") ? o.path : `/${o.path}`, true);
  const query = [
    ...Object.entries(o.query ?? {}),
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${o.credentials.accessKeyId}/${scope}`],
    ["X-Amz-Date", date],
    ["X-Amz-Expires", String(o.expiresSec)],
    ["X-Amz-SignedHeaders", "host"],
  ]
    .map(([k, v]) => [s3UriEncode(k as string, false), s3UriEncode(v as string, false)] as const)
    // By encoded name, then value, in byte order (not "name=value" strings: "a-b=" would sort before "a=").
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalRequest = [
    o.method,
    canonicalUri,
    query,
    `host:${base.host}\n`,
    "host",
    "UNSIGNED-PAYLOAD",
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", date, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${o.credentials.secretAccessKey}`, date.slice(0, 8)), o.region), "s3"),
    "aws4_request",
  );
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  return `${base.protocol}//${base.host}${canonicalUri}?${query}&X-Amz-Signature=${signature}`;
}
