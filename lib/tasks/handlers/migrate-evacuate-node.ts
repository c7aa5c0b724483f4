import "server-only";
import { SYSTEM_ACTOR } from "../../auth/actor";
import { db } from "../../db";
import { AppError, getPublicMessage } from "../../errors/app-error";
import { checkMigrationTarget } from "../../migration/check-migration-target";
import { enqueueTask } from "../enqueue-task";
import type { TaskHandler } from "./types";

/**
 * node.evacuate: moves every container of a node, one at a time, each by its own container.migrate task
 * (so each has its own lock, log and downtime figure), to the node with the most free memory among those
 * that serve its address pools; CTIDs are renumbered where taken. Safe to resume after a panel restart: a
 * container already moved is no longer on the node, one being moved is waited for.
 */
export const evacuateNode: TaskHandler = async (ctx) => {
  const nodeId = ctx.task.nodeId;
  if (!nodeId) throw new AppError("VALIDATION", "This evacuation names no node.");
  const mode = (ctx.task.input.mode as "offline" | "online" | "live") ?? "online";
  const fallbackOnline = ctx.task.input.fallbackOnline !== false;
  const all = await db.container.findMany({
    where: { nodeId, status: { notIn: ["CREATING", "DESTROYING"] } },
    orderBy: { ctid: "asc" },
    select: { id: true },
  });
  const failed: string[] = [];
  let done = 0;
  for (const { id } of all) {
    const c = await db.container.findUnique({
      where: { id },
      select: {
        id: true,
        ctid: true,
        nodeId: true,
        ramMb: true,
        status: true,
        tenantId: true,
        hostname: true,
        ipAddresses: { select: { address: true, poolId: true, pool: { select: { name: true } } } },
      },
    });
    if (!c || c.nodeId !== nodeId) {
      done++;
      continue;
    }
    await ctx.progress((done / all.length) * 100, `Moving ${c.hostname} (${done + 1} of ${all.length})`);
    let taskId = (
      await db.task.findFirst({
        where: { containerId: c.id, type: "container.migrate", status: { in: ["QUEUED", "RUNNING"] } },
        select: { id: true },
      })
    )?.id;
    if (!taskId) {
      try {
        taskId = await db.$transaction(async (tx) => {
          const target = await pickTarget(tx, c, nodeId, mode, fallbackOnline);
          const t = await enqueueTask({
            tx,
            actor: SYSTEM_ACTOR,
            type: "container.migrate",
            containerId: c.id,
            nodeId: c.nodeId,
            tenantId: c.tenantId,
            input: { ...target, mode, fallbackOnline, hostname: c.hostname, evacuation: ctx.task.id },
          });
          return t.id;
        });
        await ctx.log(`${c.hostname} (CT ${c.ctid}): migration queued.`);
      } catch (err) {
        failed.push(`${c.hostname}: ${getPublicMessage(err)}`);
        await ctx.log(`${c.hostname} (CT ${c.ctid}): ${getPublicMessage(err)}`, "warn");
        done++;
        continue;
      }
    }
    for (;;) {
      const t = await db.task.findUnique({
        where: { id: taskId },
        select: { status: true, error: true, result: true },
      });
      if (!t || t.status === "SUCCEEDED" || t.status === "FAILED" || t.status === "CANCELLED") {
        if (t?.status === "SUCCEEDED") {
          const r = JSON.parse(t.result ?? "{}") as { downtimeMs?: number | null };
          await ctx.log(
            `${c.hostname}: moved${typeof r.downtimeMs === "number" ? `, downtime ${(r.downtimeMs / 1000).toFixed(2)} s` : ""}.`,
          );
        } else {
          failed.push(`${c.hostname}: ${t?.error ?? "cancelled"}`);
          await ctx.log(`${c.hostname}: not moved: ${t?.error ?? "cancelled"}`, "warn");
        }
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    done++;
  }
  if (failed.length)
    throw new AppError(
      "UNAVAILABLE",
      `${failed.length} of ${all.length} container(s) could not be moved: ${failed.join("; ")}`.slice(
        0,
        1900,
      ),
    );
  return { moved: all.length };
};

async function pickTarget(
  tx: Parameters<typeof checkMigrationTarget>[0],
  c: Parameters<typeof checkMigrationTarget>[1],
  sourceId: string,
  mode: "offline" | "online" | "live",
  fallbackOnline: boolean,
): Promise<{ targetNodeId: string; targetName: string; ctid: number }> {
  const nodes = await tx.node.findMany({
    where: { id: { not: sourceId }, status: "ONLINE", isDisabled: false, publicKey: { not: null } },
    select: { id: true, memoryMb: true },
  });
  const used = await tx.container.groupBy({
    by: ["nodeId"],
    where: { nodeId: { in: nodes.map((n) => n.id) } },
    _sum: { ramMb: true },
  });
  const usedBy = new Map(used.map((u) => [u.nodeId, u._sum.ramMb ?? 0]));
  const ranked = nodes
    .map((n) => ({ id: n.id, free: (n.memoryMb ?? 0) - (usedBy.get(n.id) ?? 0) }))
    .sort((a, b) => b.free - a.free);
  let last: unknown = null;
  for (const n of ranked) {
    try {
      const r = await checkMigrationTarget(tx, c, {
        targetNodeId: n.id,
        mode,
        fallbackOnline,
        renumber: true,
      });
      return { targetNodeId: n.id, targetName: r.targetName, ctid: r.ctid };
    } catch (err) {
      last = err;
    }
  }
  throw last ?? new AppError("CONFLICT", "No other node can take this container.");
}
