import { z } from "zod";
import { ctidSchema, sha256HexSchema } from "./fields";

// Backups (vzdump/vzrestore): the commands, the archive's manifest and the replies. The archive format is
// described in agent/README.md ("Backups"): a zstd skippable frame holding this manifest as JSON, padded to
// BACKUP_HEADER_BYTES, followed by the zstd-compressed tar of the container's root file system (the payload).

export const BACKUP_FORMAT = "berth-vzdump";
export const BACKUP_FORMAT_VERSION = 1;
/** Size of the header frame (8 bytes of zstd skippable-frame header, then the manifest JSON, space padded). */
export const BACKUP_HEADER_BYTES = 32 * 1024;

/**
 * stop: stop, archive, start again; suspend: copy while running, freeze, copy the changes, thaw, archive the
 * copy (consistent, short freeze); snapshot: the same two copies without freezing (no downtime, not consistent).
 */
export const backupModeSchema = z.enum(["stop", "suspend", "snapshot"]);
export type BackupMode = z.infer<typeof backupModeSchema>;

/** vzdump-<CTID>-<YYYY_MM_DD-HH_MM_SS>[-<4 hex>].tar.zst: a plain file name, never a path. */
export const backupNameSchema = z
  .string()
  .regex(
    /^vzdump-[1-9][0-9]{2,8}-[0-9]{4}_[0-9]{2}_[0-9]{2}-[0-9]{2}_[0-9]{2}_[0-9]{2}(-[0-9a-f]{4})?\.tar\.zst$/,
    {
      message: "backup name like vzdump-101-2026_11_02-10_00_00.tar.zst",
    },
  );

export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_FORMAT_VERSION),
  ctid: ctidSchema,
  hostname: z.string().nullable(),
  name: z.string().nullable(),
  ostemplate: z.string().nullable(),
  ips: z.array(z.string()),
  /** The container's vzctl config, key by key (limits, IPs, host name, ...). */
  config: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string().max(4096)),
  mode: backupModeSchema,
  createdAt: z.string(),
  node: z.string(),
  /** The zstd frames after the header: their size and sha256. */
  payload: z.object({ bytes: z.number().int().nonnegative(), sha256: sha256HexSchema }),
  /** The tar inside: entries and the bytes of file data. */
  rootfs: z.object({ entries: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  durationMs: z.number().int().nonnegative(),
  /** How long the container was not running (stop mode) or frozen (suspend mode). */
  downtimeMs: z.number().int().nonnegative(),
  frozenMs: z.number().int().nonnegative().nullable(),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export const backupInfoSchema = z.object({
  archive: backupNameSchema,
  /** Size of the archive file in bytes. */
  size: z.number().int().nonnegative(),
  manifest: backupManifestSchema,
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

export const restoreResultSchema = z.object({
  ctid: ctidSchema,
  archive: backupNameSchema,
  durationMs: z.number().int().nonnegative(),
  entries: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Config keys that were left out because this node could not take them (an IP or name in use). */
  dropped: z.array(z.string()),
  started: z.boolean(),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

export const containerBackupCommand = z
  .object({ type: z.literal("container.backup"), ctid: ctidSchema, mode: backupModeSchema })
  .strict();
export const containerRestoreCommand = z
  .object({
    type: z.literal("container.restore"),
    ctid: ctidSchema,
    archive: backupNameSchema,
    /** Replace an existing container of this CTID (stopped first; put back if the restore fails). */
    replace: z.boolean().optional(),
    /** Start it once restored. */
    start: z.boolean().optional(),
    /** false: leave the archive's IP addresses out (a copy as a new container gets addresses of its own). */
    keepIps: z.boolean().optional(),
  })
  .strict();
/** Every archive in the node's backup directory, with its manifest. */
export const backupListCommand = z.object({ type: z.literal("backup.list") }).strict();
export const backupDeleteCommand = z
  .object({ type: z.literal("backup.delete"), archive: backupNameSchema })
  .strict();
/** Copies an archive into this node's backup directory from a panel-signed link (another node's backup). */
export const backupFetchCommand = z
  .object({
    type: z.literal("backup.fetch"),
    archive: backupNameSchema,
    url: z.url({ protocol: /^https?$/ }),
    sha256: sha256HexSchema,
  })
  .strict();

/**
 * Uploads an archive of this node's backup directory with one PUT to a URL the panel presigned for it (an
 * S3-compatible store's object): the node holds no credentials of the store, and the URL names one object.
 */
export const backupPushCommand = z
  .object({
    type: z.literal("backup.push"),
    archive: backupNameSchema,
    /** One PUT of the whole archive. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Or a multipart upload the panel started: each part's presigned PUT and its byte range of the archive, in
     * order, covering it whole. The reply gives each part's ETag, for the panel to complete the upload.
     */
    parts: z
      .array(
        z
          .object({
            url: z.url({ protocol: /^https?$/ }),
            offset: z.number().int().nonnegative(),
            length: z.number().int().positive(),
          })
          .strict(),
      )
      .min(1)
      .max(10_000)
      .optional(),
  })
  .strict()
  .refine((c) => (c.url === undefined) !== (c.parts === undefined), "give url or parts, not both");
export const backupPushResultSchema = z.object({
  archive: backupNameSchema,
  bytes: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  /** Multipart: the ETag the store gave each part, in order. */
  etags: z.array(z.string()).optional(),
});
export type BackupPushResult = z.infer<typeof backupPushResultSchema>;

/**
 * A remote store's refusal in words, for the node's push and the panel's own requests alike: S3 answers an
 * error with an XML body whose <Code> and <Message> say why; otherwise the start of whatever it sent.
 */
export function describeStoreRefusal(status: number, body: string): string {
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]{1,300})<\/Message>/.exec(body)?.[1];
  if (code) return `HTTP ${status} ${code}${message ? `: ${message}` : ""}`;
  const text = body.replace(/\s+/g, " ").trim().slice(0, 200);
  return text ? `HTTP ${status}: ${text}` : `HTTP ${status}`;
}

/** Path of the signed GET that streams one archive from the agent (see backupStreamDescriptor). */
export function backupPath(archive: string): string {
  return `/v1/backups/${archive}`;
}

/**
 * A streamed archive cannot carry a body digest up front, so the agent signs this descriptor instead (as the
 * reply "body" of signReply) and sends it in the BACKUP_STREAM_HEADER header; the bytes themselves are
 * checked by whoever restores them (the manifest's payload sha256).
 */
export const BACKUP_STREAM_HEADER = "berth-backup-stream";
export function backupStreamDescriptor(archive: string, size: number): string {
  return `${archive} ${size}`;
}
