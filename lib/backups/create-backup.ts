import "server-only";
import type { BackupMode } from "@/agent/protocol";
import type { Actor } from "../auth/actor";
import { getAuthorizedContainer } from "../containers/get-container";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { enqueueTask } from "../tasks/enqueue-task";
import { getBackupUsage } from "./list-backups";
import { createBackupInputSchema } from "./schemas";

/**
 * Queues a backup of a container (task backup.create). Customers back up their own containers within the
 * quota the admin set for their tenant (count and total size); admins and schedules are not held to it.
 */
export async function createBackup(options: {
  actor: Actor;
  containerId: string;
  input: unknown;
  isScheduled?: boolean;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "backup.create",
  });
  const { mode } = parseInput(createBackupInputSchema, options.input ?? {});
  if (c.status === "CREATING" || c.status === "DESTROYING")
    throw new AppError(
      "CONFLICT",
      "The container is being created or destroyed; back it up once that is done.",
    );
  const isCustomer = options.actor.kind === "user" && options.actor.role !== "ADMIN";
  if (isCustomer) await assertWithinQuota(c.tenantId);
  return db.$transaction(async (tx) => {
    const backup = await tx.backup.create({
      data: {
        nodeId: c.nodeId,
        containerId: c.id,
        tenantId: c.tenantId,
        ctid: c.ctid,
        hostname: c.hostname,
        mode: mode as BackupMode,
        isScheduled: options.isScheduled ?? false,
      },
      select: { id: true },
    });
    const task = await enqueueTask({
      tx,
      actor: options.actor,
      type: "backup.create",
      containerId: c.id,
      nodeId: c.nodeId,
      tenantId: c.tenantId,
      ip: options.ip,
      input: { backupId: backup.id, mode },
    });
    await tx.backup.update({ where: { id: backup.id }, data: { taskId: task.id }, select: { id: true } });
    return { backupId: backup.id, taskId: task.id };
  });
}

async function assertWithinQuota(tenantId: string): Promise<void> {
  const u = await getBackupUsage(tenantId);
  if (u.maxBackups !== null && u.count >= u.maxBackups)
    throw new AppError(
      "CONFLICT",
      `Your backup quota is ${u.maxBackups} backups and you have ${u.count}. Delete an old backup first, or ask your provider for a larger quota.`,
      { reason: "backup-quota-count" },
    );
  if (u.maxBackupMb !== null && u.bytes >= u.maxBackupMb * 1024 * 1024)
    throw new AppError(
      "CONFLICT",
      `Your backups use ${Math.ceil(u.bytes / 1024 / 1024)} MB of your ${u.maxBackupMb} MB quota. Delete an old backup first, or ask your provider for a larger quota.`,
      { reason: "backup-quota-size" },
    );
}
