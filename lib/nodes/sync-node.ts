import "server-only";
import { ENDPOINTS, type Health, healthSchema } from "@/agent/protocol";
import { SYSTEM_ACTOR } from "../auth/actor";
import { skipCtidOnNode } from "../containers/allocate-ctid";
import { queuePowerForSuspension } from "../containers/queue-power-for-suspension";
import { db } from "../db";
import { isAppError } from "../errors/app-error";
import type { ContainerStatus } from "../generated/prisma/client";
import { type AgentEndpoint, callAgent } from "./agent-client";

/** A node not heard from for this long is offline, and its containers' state unknown. */
export const NODE_OFFLINE_AFTER_MS = 15_000;

const BYTES_PER_MB = 1024 * 1024;

function hostStatus(status: Health["containers"][number]["status"]): ContainerStatus {
  return status === "running" ? "RUNNING" : "STOPPED";
}

/**
 * Asks one node for its health and inventory and writes the host's truth into the panel: capacity,
 * templates present, and each container's status. A container whose status changed on the host while no
 * task of the panel was running on it (stopped by hand, say) is marked as drifted, so the UI can say so.
 */
export async function syncNode(node: AgentEndpoint): Promise<{ ok: boolean; error?: string }> {
  const now = new Date();
  let health: Health;
  try {
    health = await callAgent(node, {
      method: "GET",
      path: ENDPOINTS.health,
      schema: healthSchema,
      timeoutMs: 8000,
    });
  } catch (err) {
    const message = isAppError(err) ? err.message : String(err);
    await markUnreachable(node.id, message, now);
    return { ok: false, error: message };
  }

  await db.node.update({
    where: { id: node.id },
    data: {
      status: "ONLINE",
      lastSeenAt: now,
      lastError: null,
      cpus: health.host.cpus,
      memoryMb: Math.floor(health.host.memoryBytes / BYTES_PER_MB),
      diskMb: Math.floor(health.host.diskTotalBytes / BYTES_PER_MB),
      diskFreeMb: Math.floor(health.host.diskFreeBytes / BYTES_PER_MB),
      lxcVersion: health.host.lxcVersion,
      agentVersion: health.agentVersion,
      hostname: health.host.hostname,
      kernel: health.host.kernel,
      checkpointError: health.host.checkpoint.supported
        ? null
        : (health.host.checkpoint.reason ?? "not supported"),
    },
    select: { id: true },
  });

  await syncTemplates(node.id, health);
  await syncContainers(node.id, health, now);
  return { ok: true };
}

async function markUnreachable(nodeId: string, message: string, now: Date): Promise<void> {
  const node = await db.node.findUnique({
    where: { id: nodeId },
    select: { lastSeenAt: true, status: true },
  });
  if (!node) return;
  const isStale = !node.lastSeenAt || now.getTime() - node.lastSeenAt.getTime() > NODE_OFFLINE_AFTER_MS;
  await db.node.update({
    where: { id: nodeId },
    data: { lastError: message, ...(isStale && node.status !== "PENDING" ? { status: "OFFLINE" } : {}) },
    select: { id: true },
  });
  if (isStale) {
    // Never show a stale "running": what a node we cannot reach runs is unknown.
    await db.container.updateMany({
      where: { nodeId, status: { in: ["RUNNING", "STOPPED", "SUSPENDED"] } },
      data: { status: "UNKNOWN" },
    });
  }
}

async function syncTemplates(nodeId: string, health: Health): Promise<void> {
  const names = health.templates.map((t) => t.name);
  const catalogue = await db.osTemplate.findMany({ select: { id: true, name: true } });
  for (const t of catalogue) {
    const isPresent = names.includes(t.name);
    await db.nodeTemplate.upsert({
      where: { nodeId_templateId: { nodeId, templateId: t.id } },
      create: { nodeId, templateId: t.id, isPresent },
      update: { isPresent },
      select: { nodeId: true },
    });
  }
}

async function syncContainers(nodeId: string, health: Health, now: Date): Promise<void> {
  const onHost = new Map(health.containers.map((c) => [c.ctid, c]));
  // A CTID the node uses (a container made by hand there, or left by another panel) is never given to a
  // new container: the node would refuse it.
  const topOnHost = Math.max(0, ...onHost.keys());
  if (topOnHost > 0) await skipCtidOnNode(db, { nodeId, ctid: topOnHost });
  const known = await db.container.findMany({
    where: { nodeId, status: { notIn: ["CREATING", "DESTROYING"] } },
    select: {
      id: true,
      ctid: true,
      status: true,
      nodeId: true,
      tenantId: true,
      hostname: true,
      isSuspended: true,
      tenant: { select: { status: true } },
      // A task that ended after the host was asked (`now`) wrote a newer truth than the host's answer: a
      // container that a migration moved here a moment after this node listed its containers is not
      // missing, nor one whose start finished meanwhile stopped. The next round sees it as it is.
      tasks: {
        where: { OR: [{ status: { in: ["QUEUED", "RUNNING"] } }, { finishedAt: { gte: now } }] },
        select: { id: true },
        take: 1,
      },
    },
  });
  for (const c of known) {
    const host = onHost.get(c.ctid);
    const status: ContainerStatus = host ? hostStatus(host.status) : "ERROR";
    const isBusy = c.tasks.length > 0;
    if (isBusy) continue; // a running (or just ended) task owns the status
    const changed = status !== c.status;
    await db.container.update({
      where: { id: c.id },
      data: {
        status,
        lastSyncedAt: now,
        // Drift: the host changed under the panel (UNKNOWN → anything is just the node coming back).
        ...(changed && c.status !== "UNKNOWN" && c.status !== "ERROR" ? { hasDrift: true } : {}),
        ...(status === "RUNNING" && c.status !== "RUNNING" ? { startedAt: now } : {}),
      },
      select: { id: true },
    });
    // A suspended container found running (started by hand on the node, or its stop was skipped while
    // busy) is stopped again.
    if (status === "RUNNING" && (c.isSuspended || c.tenant.status === "SUSPENDED"))
      await queuePowerForSuspension(SYSTEM_ACTOR, c, "stop");
  }
}
