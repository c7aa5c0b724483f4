import "server-only";
import { describeStoreRefusal } from "@/agent/protocol";
import { openSecret } from "../auth/secret-box";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { presignS3Url } from "./s3-presign";

// The remote store (BackupRemote, S3-compatible) as the backup tasks and functions use it. Only the panel
// knows the credentials: a node gets one presigned URL per object and command, and the panel's own requests
// (a test, a delete) go through presigned URLs too.

export type BackupRemote = {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
};

/** How long a presigned URL handed to a node lives: the request must start within it (S3 checks at start). */
export const REMOTE_URL_TTL_SECONDS = 3600;

/** The store new backups are copied to, or null when none is set up or it is switched off. */
export async function getEnabledBackupRemote(): Promise<BackupRemote | null> {
  const row = await db.backupRemote.findUnique({ where: { id: "default" } });
  if (!row?.isEnabled) return null;
  return toRemote(row);
}

/** The store as set up, switched on or off (a delete still reaches copies made while it was on). */
export async function getBackupRemote(): Promise<BackupRemote | null> {
  const row = await db.backupRemote.findUnique({ where: { id: "default" } });
  return row ? toRemote(row) : null;
}

function toRemote(row: {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretKeySealed: string;
}): BackupRemote {
  return {
    endpoint: row.endpoint,
    region: row.region,
    bucket: row.bucket,
    prefix: row.prefix,
    accessKeyId: row.accessKeyId,
    secretAccessKey: openSecret(row.secretKeySealed),
  };
}

/** The object key of a backup's copy: under the prefix, one folder per backup (archive names may repeat). */
export function remoteObjectKey(
  remote: Pick<BackupRemote, "prefix">,
  backup: { id: string; archive: string },
) {
  return `${remote.prefix}${backup.id}/${backup.archive}`;
}

/** A presigned URL for one object of the store; `signedAt` fixed makes the very same URL again. */
export function presignRemoteObject(
  remote: BackupRemote,
  method: "GET" | "PUT" | "POST" | "DELETE",
  key: string,
  signedAt: Date = new Date(),
  query?: Record<string, string>,
): string {
  return presignS3Url({
    method,
    origin: remote.endpoint,
    path: `${new URL(remote.endpoint).pathname.replace(/\/+$/, "")}/${remote.bucket}/${key}`,
    ...(query ? { query } : {}),
    region: remote.region,
    credentials: { accessKeyId: remote.accessKeyId, secretAccessKey: remote.secretAccessKey },
    expiresSec: REMOTE_URL_TTL_SECONDS,
    now: signedAt,
  });
}

/**
 * Archives larger than this go up in parts of this size (S3 takes at most 5 GiB in one PUT, and parts of at
 * least 5 MiB but the last): BERTH_REMOTE_PART_MB, default 512.
 */
export function remotePartBytes(): number {
  const mb = Number(process.env.BERTH_REMOTE_PART_MB ?? 512);
  return Math.max(1, Number.isFinite(mb) ? mb : 512) * 1024 * 1024;
}

/** The store's answer to a request of the panel's own: its status, and its error code and message if any. */
export async function requestRemoteObject(
  remote: BackupRemote,
  method: "GET" | "PUT" | "POST" | "DELETE",
  key: string,
  body?: string,
  query?: Record<string, string>,
): Promise<{ status: number; body: string; error: string | null }> {
  const res = await fetch(presignRemoteObject(remote, method, key, new Date(), query), {
    method,
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: text, error: res.ok ? null : describeStoreRefusal(res.status, text) };
}

/** Starts a multipart upload of `key` (S3's CreateMultipartUpload); returns its upload id. */
export async function startMultipartUpload(remote: BackupRemote, key: string): Promise<string> {
  const answer = await requestRemoteObject(remote, "POST", key, undefined, { uploads: "" });
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(answer.body)?.[1];
  if (answer.error || !uploadId)
    throw new AppError(
      "UNAVAILABLE",
      `The remote store did not start an upload of ${key}: ${answer.error ?? "no upload id in its answer"}.`,
    );
  return uploadId;
}

/** Completes a multipart upload with its parts' ETags, in order (S3's CompleteMultipartUpload). */
export async function completeMultipartUpload(
  remote: BackupRemote,
  key: string,
  uploadId: string,
  etags: string[],
): Promise<void> {
  const xmlEscape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const parts = etags
    .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${xmlEscape(etag)}</ETag></Part>`)
    .join("");
  const answer = await requestRemoteObject(
    remote,
    "POST",
    key,
    `<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`,
    { uploadId },
  );
  // S3 may answer 200 with an error in the body when the completion fails late.
  const late = /<Error>/.test(answer.body) ? describeStoreRefusal(answer.status, answer.body) : null;
  if (answer.error || late)
    throw new AppError(
      "UNAVAILABLE",
      `The remote store did not complete the upload of ${key}: ${answer.error ?? late}.`,
    );
}

/** Drops an unfinished multipart upload, so its parts do not stay in the store (best effort). */
export async function abortMultipartUpload(
  remote: BackupRemote,
  key: string,
  uploadId: string,
): Promise<void> {
  await requestRemoteObject(remote, "DELETE", key, undefined, { uploadId }).catch(() => undefined);
}
