import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { getAuthorizedContainer } from "./get-container";
import { summarizeUsage } from "./summarize-usage";

const MAX_WINDOW_MS = 366 * 24 * 3600_000;

const POINT_SELECT = {
  createdAt: true,
  ramUsedMb: true,
  cpuPercent: true,
  diskUsedMb: true,
  netRxBytes: true,
  netTxBytes: true,
} as const;

function toPoint(row: {
  createdAt: Date;
  ramUsedMb: number;
  cpuPercent: number;
  diskUsedMb: number;
  netRxBytes: number;
  netTxBytes: number;
}) {
  const { createdAt, ...rest } = row;
  return { at: createdAt, ...rest };
}

/**
 * A container's usage over [from, to] for billing: network bytes, RAM, disk and CPU from its samples.
 * Samples are kept for a limited time (USAGE_RETENTION_MS in lib/nodes/sample-node-usage.ts): the answer's
 * firstSampleAt says how far back the figures really reach.
 */
export async function getContainerUsage(options: {
  actor: Actor;
  containerId: string;
  from: Date;
  to: Date;
}) {
  const { from, to } = options;
  await getAuthorizedContainer({ ...options, action: "container.read" });
  if (from.getTime() >= to.getTime())
    throw new AppError("VALIDATION", "Choose a start (from) before the end (to).", { field: "from" });
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS)
    throw new AppError("VALIDATION", "Ask for at most 366 days at a time.", { field: "from" });
  const [before, samples] = await Promise.all([
    db.usageSample.findFirst({
      where: { containerId: options.containerId, createdAt: { lt: from } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: POINT_SELECT,
    }),
    db.usageSample.findMany({
      where: { containerId: options.containerId, createdAt: { gte: from, lte: to } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: POINT_SELECT,
    }),
  ]);
  return summarizeUsage({ samples: samples.map(toPoint), before: before ? toPoint(before) : null });
}
