import "server-only";
import type { Prisma } from "../generated/prisma/client";

// The one shape a backup leaves lib/ in: sizes as numbers (the column is a BigInt), dates as Dates.

export const BACKUP_SELECT = {
  id: true,
  nodeId: true,
  containerId: true,
  tenantId: true,
  ctid: true,
  hostname: true,
  mode: true,
  status: true,
  isScheduled: true,
  archive: true,
  sizeBytes: true,
  durationMs: true,
  downtimeMs: true,
  sha256: true,
  error: true,
  taskId: true,
  createdAt: true,
  finishedAt: true,
  remoteKey: true,
  remoteCopiedAt: true,
  remoteError: true,
  node: { select: { name: true } },
} as const satisfies Prisma.BackupSelect;

type Row = Prisma.BackupGetPayload<{ select: typeof BACKUP_SELECT }>;

export type BackupView = Omit<Row, "sizeBytes" | "node"> & { sizeBytes: number | null; nodeName: string };

export function toBackupView(row: Row): BackupView {
  const { node, sizeBytes, ...rest } = row;
  return { ...rest, sizeBytes: sizeBytes === null ? null : Number(sizeBytes), nodeName: node.name };
}
