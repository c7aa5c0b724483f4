import "server-only";
import type { Actor } from "../auth/actor";
import { getAuthorizedContainer } from "../containers/get-container";
import { db } from "../db";
import { parseInput } from "../errors/parse-input";
import { enqueueTask } from "../tasks/enqueue-task";
import { checkMigrationTarget } from "./check-migration-target";
import { migrateContainerInputSchema } from "./schemas";

/** Queues the migration of a container to another node (admins only), after the panel's pre-checks. */
export async function requestContainerMigration(options: {
  actor: Actor;
  containerId: string;
  input: unknown;
  ip?: string;
}) {
  const c0 = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.migrate",
  });
  const input = parseInput(migrateContainerInputSchema, options.input);
  return db.$transaction(async (tx) => {
    const c = await tx.container.findUniqueOrThrow({
      where: { id: c0.id },
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
    const { ctid, targetName } = await checkMigrationTarget(tx, c, input);
    return enqueueTask({
      tx,
      actor: options.actor,
      type: "container.migrate",
      containerId: c.id,
      nodeId: c.nodeId,
      tenantId: c.tenantId,
      ip: options.ip,
      input: {
        targetNodeId: input.targetNodeId,
        targetName,
        mode: input.mode,
        fallbackOnline: input.fallbackOnline,
        ctid,
        hostname: c.hostname,
      },
    });
  });
}
