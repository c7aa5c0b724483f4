import "server-only";
import { beancountersResultSchema, ENDPOINTS } from "@/agent/protocol";
import { db } from "../db";
import { type AgentEndpoint, callAgent } from "./agent-client";

/** How long usage samples are kept. */
export const USAGE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const PAGE_BYTES = 4096;
const MIB = 1024 * 1024;

// cpu "held" is cumulative CPU time in ns; the percentage needs the previous reading of the same container.
const lastCpu = new Map<string, { ns: number; at: number }>();

/**
 * Reads the beancounters of every running container on a node in one command and stores one usage
 * sample per container (memory, swap, processes, CPU %, disk, network bytes), for the graphs on the
 * container page and for billing (lib/containers/summarize-usage.ts).
 */
export async function sampleNodeUsage(node: AgentEndpoint): Promise<number> {
  const containers = await db.container.findMany({
    where: { nodeId: node.id, status: "RUNNING" },
    select: { id: true, ctid: true },
  });
  if (containers.length === 0) return 0;
  const result = await callAgent(node, {
    method: "GET",
    path: `${ENDPOINTS.beancounters}?${containers.map((c) => `ctid=${c.ctid}`).join("&")}`,
    schema: beancountersResultSchema,
    timeoutMs: 15_000,
  });
  const now = Date.now();
  const byCtid = new Map(result.map((x) => [x.ctid, x]));
  const rows = [];
  for (const c of containers) {
    const bc = byCtid.get(c.ctid);
    if (!bc?.running) continue;
    const held = (name: string) => bc.counters.find((x) => x.resource === name)?.held ?? 0;
    const cpuNs = held("cpu");
    const prev = lastCpu.get(c.id);
    lastCpu.set(c.id, { ns: cpuNs, at: now });
    const cpuPercent =
      prev && now > prev.at && cpuNs >= prev.ns ? ((cpuNs - prev.ns) / ((now - prev.at) * 1e6)) * 100 : 0;
    const net = bc.net ?? (await lastNetCounters(c.id));
    rows.push({
      containerId: c.id,
      ramUsedMb: (held("physpages") * PAGE_BYTES) / MIB,
      swapUsedMb: (held("swappages") * PAGE_BYTES) / MIB,
      numproc: held("numproc"),
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      diskUsedMb: held("diskspace") / 1024,
      netRxBytes: net.rxBytes,
      netTxBytes: net.txBytes,
      beancounters: JSON.stringify(bc.counters),
    });
  }
  if (rows.length) await db.usageSample.createMany({ data: rows });
  await db.usageSample.deleteMany({ where: { createdAt: { lt: new Date(now - USAGE_RETENTION_MS) } } });
  return rows.length;
}

/**
 * For a running container whose agent sent no network counters (an agent from before them, or the
 * container's veth not found for a moment): the previous sample's counters, not zeros. A zero would read
 * as a counter reset, and the next real reading would then be billed again in full.
 */
async function lastNetCounters(containerId: string): Promise<{ rxBytes: number; txBytes: number }> {
  const last = await db.usageSample.findFirst({
    where: { containerId },
    orderBy: { id: "desc" },
    select: { netRxBytes: true, netTxBytes: true },
  });
  return { rxBytes: last?.netRxBytes ?? 0, txBytes: last?.netTxBytes ?? 0 };
}
