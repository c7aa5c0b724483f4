import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { getAuthorizedContainer } from "./get-container";

const MAX_POINTS = 240;

/** The container's usage samples of the last `hours`, thinned to at most 240 points for drawing. */
export async function listUsageSamples(options: { actor: Actor; containerId: string; hours?: number }) {
  await getAuthorizedContainer({ ...options, action: "container.read" });
  const since = new Date(Date.now() - (options.hours ?? 24) * 60 * 60 * 1000);
  const rows = await db.usageSample.findMany({
    where: { containerId: options.containerId, createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
    select: {
      createdAt: true,
      ramUsedMb: true,
      swapUsedMb: true,
      numproc: true,
      cpuPercent: true,
      diskUsedMb: true,
    },
  });
  const step = Math.max(1, Math.ceil(rows.length / MAX_POINTS));
  return rows.filter((_, i) => i % step === 0 || i === rows.length - 1);
}
