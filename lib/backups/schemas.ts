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
