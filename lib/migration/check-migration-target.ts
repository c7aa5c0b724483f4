import "server-only";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export type MigrationSource = {
  id: string;
  ctid: number;
  nodeId: string;
  ramMb: number;
  status: string;
  ipAddresses: { address: string; poolId: string; pool: { name: string } }[];
};

/**
 * The panel's pre-checks of a migration, before anything is queued: the target node can take the container
 * (online, joined, not drained, not the same node, memory), every address of the container is in a pool
 * the target serves (so its addresses follow it and stay routable), live mode is possible on both nodes
 * (or near-live fallback was asked for), and the CTID is free there (or renumbered). Returns the CTID the
 * container will have on the target; the target's CTID counter is moved past it so no create takes it.
 * The agents check again (space, memory, addresses, CTID on the host) before a byte moves.
 */
export async function checkMigrationTarget(
  tx: Tx,
  c: MigrationSource,
  o: {
    targetNodeId: string;
    mode: "offline" | "online" | "live";
    fallbackOnline: boolean;
    renumber: boolean;
  },
): Promise<{ ctid: number; targetName: string }> {
  const target = await tx.node.findUnique({
    where: { id: o.targetNodeId },
    select: {
      id: true,
      name: true,
      status: true,
      isDisabled: true,
      publicKey: true,
      memoryMb: true,
      nextCtid: true,
      checkpointError: true,
    },
  });
  if (!target)
    throw new AppError("VALIDATION", "That node does not exist. Choose one from the list.", {
      field: "targetNodeId",
    });
  if (target.id === c.nodeId)
    throw new AppError("VALIDATION", `The container is already on node ${target.name}.`, {
      field: "targetNodeId",
    });
  if (!target.publicKey || target.status !== "ONLINE")
    throw new AppError(
      "VALIDATION",
      `Node ${target.name} is ${target.status.toLowerCase()}: choose an online node.`,
      {
        field: "targetNodeId",
        reason: "node-offline",
      },
    );
  if (target.isDisabled)
    throw new AppError(
      "VALIDATION",
      `Node ${target.name} is drained (takes no containers). Choose another node.`,
      {
        field: "targetNodeId",
      },
    );
  if (c.status === "CREATING" || c.status === "DESTROYING")
    throw new AppError(
      "CONFLICT",
      `The container is ${c.status.toLowerCase()}; wait for that task to finish.`,
    );

  const served = new Set(
    (await tx.ipPoolNode.findMany({ where: { nodeId: target.id }, select: { poolId: true } })).map(
      (p) => p.poolId,
    ),
  );
  for (const a of c.ipAddresses)
    if (!served.has(a.poolId))
      throw new AppError(
        "VALIDATION",
        `Address ${a.address} is in pool ${a.pool.name}, which node ${target.name} does not serve: its address would not be routable there. Add ${target.name} to that pool, or choose another node.`,
        { field: "targetNodeId", reason: "pool-not-served" },
      );

  if (o.mode === "live" && !o.fallbackOnline) {
    const source = await tx.node.findUnique({
      where: { id: c.nodeId },
      select: { name: true, checkpointError: true },
    });
    const why = source?.checkpointError
      ? `node ${source.name}: ${source.checkpointError}`
      : target.checkpointError
        ? `node ${target.name}: ${target.checkpointError}`
        : null;
    if (why)
      throw new AppError(
        "VALIDATION",
        `Live migration needs checkpoint/restore (CRIU), which is not supported on ${why}. Choose near-live (online), or allow the fallback to it.`,
        { field: "mode", reason: "no-checkpoint" },
      );
  }

  if (target.memoryMb !== null) {
    const used = await tx.container.aggregate({ where: { nodeId: target.id }, _sum: { ramMb: true } });
    const free = target.memoryMb - (used._sum.ramMb ?? 0);
    if (free < c.ramMb)
      throw new AppError(
        "VALIDATION",
        `Node ${target.name} has ${free} MB of memory not given to containers; this container needs ${c.ramMb} MB.`,
        { field: "targetNodeId", reason: "no-capacity" },
      );
  }

  let ctid = c.ctid;
  const taken = async (n: number) =>
    (await tx.container.findFirst({ where: { nodeId: target.id, ctid: n }, select: { id: true } })) !== null;
  if (await taken(ctid)) {
    if (!o.renumber)
      throw new AppError(
        "VALIDATION",
        `CTID ${ctid} is taken on node ${target.name}. Allow renumbering to give the container a new CTID there.`,
        { field: "renumber", reason: "ctid-taken" },
      );
    ctid = target.nextCtid;
    while (await taken(ctid)) ctid++;
  }
  if (ctid >= target.nextCtid)
    await tx.node.update({ where: { id: target.id }, data: { nextCtid: ctid + 1 }, select: { id: true } });
  return { ctid, targetName: target.name };
}
