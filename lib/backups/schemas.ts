import { z } from "zod";
import { backupModeSchema } from "@/agent/protocol";

// Input of the backup actions and routes. The mode is the agent's (vzdump's) word for it.

export const createBackupInputSchema = z.object({ mode: backupModeSchema.default("snapshot") });

export const restoreBackupInputSchema = z.object({
  confirmHostname: z
    .string()
    .max(253)
    .describe("The container's host name, typed to confirm: restore replaces its files."),
});

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
