import { z } from "zod";
import { backupModeSchema, ctidSchema, hostnameSchema } from "@/agent/protocol";

// Input of the backup actions and routes. The mode is the agent's (vzdump's) word for it.

export const createBackupInputSchema = z.object({ mode: backupModeSchema.default("snapshot") });

export const restoreBackupInputSchema = z.object({
  confirmHostname: z
    .string()
    .max(253)
    .describe("The container's host name, typed to confirm: restore replaces its files."),
});

/** Restore a backup as a new container (admins): where, with which CTID, plan and host name. */
export const restoreBackupAsNewInputSchema = z.object({
  nodeId: z
    .string()
    .trim()
    .min(1, "Choose a node.")
    .max(64)
    .describe("The node to make the container on: online and serving an IP pool."),
  ctid: ctidSchema
    .nullable()
    .default(null)
    .describe(
      "The new container's CTID on that node; null: the next free one, as container creation picks it.",
    ),
  planId: z
    .string()
    .trim()
    .max(64)
    .nullable()
    .default(null)
    .describe(
      "The plan whose limits it gets; null: the plan of the backup's container (required once that is gone).",
    ),
  hostname: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .pipe(hostnameSchema)
    .transform((h) => h.replace(/\.$/, ""))
    .nullable()
    .default(null)
    .describe("null: the backup's host name (choose another while the tenant has a container of that name)."),
  start: z.boolean().default(true).describe("Start the container once restored."),
});
export type RestoreBackupAsNewInput = z.input<typeof restoreBackupAsNewInputSchema>;

export const backupScheduleInputSchema = z.object({
  isEnabled: z.boolean(),
  mode: backupModeSchema.default("snapshot"),
  hourUtc: z.int().min(0).max(23).default(3),
  keepDaily: z.int().min(0).max(60).default(7),
  keepWeekly: z.int().min(0).max(52).default(4),
});
export type BackupScheduleInput = z.infer<typeof backupScheduleInputSchema>;

export const backupQuotaInputSchema = z.object({
  maxBackups: z.int().min(0).max(10_000).nullable(),
  maxBackupMb: z.int().min(0).max(100_000_000).nullable(),
});

/** The remote store (S3-compatible) new backups are copied to; the secret key is write-only. */
export const backupRemoteInputSchema = z.object({
  isEnabled: z.boolean().default(true).describe("Copy each new backup to the store."),
  endpoint: z
    .string()
    .trim()
    .max(300)
    .pipe(z.url({ protocol: /^https?$/, error: "Give the store's address, like https://s3.example.com." }))
    .transform((u) => u.replace(/\/+$/, ""))
    .refine((u) => !new URL(u).search && !new URL(u).hash, "The address takes no ?query or #fragment.")
    .describe("The store's address; objects are addressed path-style: <endpoint>/<bucket>/<key>."),
  region: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/, "A region is lower-case letters, digits and '-', like us-east-1.")
    .default("us-east-1"),
  bucket: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "A bucket name is 3 to 63 lower-case letters, digits, '.' and '-'.",
    ),
  prefix: z
    .string()
    .trim()
    .max(200)
    .regex(
      /^([A-Za-z0-9!_.*'()-]+\/)*$/,
      "A prefix is folder names each ending in '/', like backups/, or empty.",
    )
    .default(""),
  accessKeyId: z.string().trim().min(1, "Give the access key id.").max(200),
  secretAccessKey: z
    .string()
    .max(200)
    .default("")
    .describe("Empty: keep the secret key saved before (required the first time)."),
});
export type BackupRemoteInput = z.input<typeof backupRemoteInputSchema>;
