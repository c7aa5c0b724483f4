import "server-only";
import { CTID_MAX, CTID_MIN } from "@/agent/protocol";
import { AppError } from "../errors/app-error";
import { isUniqueViolation } from "../errors/prisma-errors";
import type { Prisma } from "../generated/prisma/client";

/**
 * The CTID a new container gets on a node (create, restore as a new container): the next free one from the
 * node's counter, or the one asked for if no container of the node has it. Call inside the transaction that
 * inserts the container: the counter update locks the node row until it ends, so concurrent creates on the
 * node queue here instead of racing for the same CTID; the unique index (node, CTID) settles the rest.
 */
export async function allocateCtid(
  tx: Prisma.TransactionClient,
  options: { nodeId: string; nodeName: string; ctid?: number | null },
): Promise<number> {
  const counter = await tx.node.update({
    where: { id: options.nodeId },
    data: { nextCtid: { increment: 1 } },
    select: { nextCtid: true },
  });
  if (options.ctid !== undefined && options.ctid !== null) {
    const wanted = options.ctid;
    const taken = await tx.container.findFirst({
      where: { nodeId: options.nodeId, ctid: wanted },
      select: { hostname: true },
    });
    if (taken)
      throw new AppError(
        "VALIDATION",
        `CTID ${wanted} is taken on node ${options.nodeName} (${taken.hostname}). Choose another, or leave it empty for the next free one.`,
        { field: "ctid", reason: "ctid-taken" },
      );
    // The counter moves past a CTID chosen by hand, so no later create takes it.
    const next = Math.max(counter.nextCtid - 1, wanted + 1);
    await tx.node.update({ where: { id: options.nodeId }, data: { nextCtid: next }, select: { id: true } });
    return wanted;
  }
  const top = await tx.container.aggregate({ where: { nodeId: options.nodeId }, _max: { ctid: true } });
  const ctid = Math.max(CTID_MIN + 1, counter.nextCtid - 1, (top._max.ctid ?? CTID_MIN) + 1);
  if (ctid !== counter.nextCtid - 1) {
    await tx.node.update({
      where: { id: options.nodeId },
      data: { nextCtid: ctid + 1 },
      select: { id: true },
    });
  }
  return ctid;
}

/**
 * Moves a node's counter past a CTID the node is known to use (a container the panel does not know: found by
 * the node poller, or refused by the agent), so allocateCtid never gives it. Never moves the counter back.
 */
export async function skipCtidOnNode(
  client: Prisma.TransactionClient,
  options: { nodeId: string; ctid: number },
): Promise<void> {
  if (options.ctid >= CTID_MAX) return;
  await client.node.updateMany({
    where: { id: options.nodeId, nextCtid: { lte: options.ctid } },
    data: { nextCtid: options.ctid + 1 },
  });
}

/** The CTID allocateCtid would give next on a node (for a form's placeholder; not reserved). */
export async function peekNextCtid(
  client: Prisma.TransactionClient,
  node: { id: string; nextCtid: number },
): Promise<number> {
  const top = await client.container.aggregate({ where: { nodeId: node.id }, _max: { ctid: true } });
  return Math.max(CTID_MIN + 1, node.nextCtid, (top._max.ctid ?? CTID_MIN) + 1);
}

/** Another create took the same CTID between our read and our insert: the caller retries with the next one. */
export function isCtidRace(err: unknown): boolean {
  if (!isUniqueViolation(err)) return false;
  // The shape of Prisma's error meta differs between adapters.
  const t = JSON.stringify((err as { meta?: unknown }).meta ?? "");
  return t.includes("veid") || t.includes("ctid");
}
