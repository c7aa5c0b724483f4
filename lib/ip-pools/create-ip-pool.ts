import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import { assertNodesExist } from "./assert-nodes-exist";
import { formatCidr } from "./cidr";
import { assertNoOverlappingPool } from "./find-overlapping-pool";
import { poolNameTaken } from "./pool-name-taken";
import { poolInputSchema } from "./schemas";

/** Creates a pool by CIDR. No address rows are made: rows exist only for allocated or reserved addresses. */
export async function createIpPool(options: { actor: Actor; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "ip-pool.manage", null);
  const input = parseInput(poolInputSchema, options.input);
  const cidr = formatCidr(input.cidr);
  try {
    return await db.$transaction(async (tx) => {
      await assertNoOverlappingPool(tx, input.cidr);
      await assertNodesExist(tx, input.nodeIds);
      const pool = await tx.ipPool.create({
        data: {
          name: input.name,
          cidr,
          ipVersion: input.cidr.version,
          gateway: input.gateway,
          nameservers: input.nameservers,
          nodes: { create: input.nodeIds.map((nodeId) => ({ nodeId })) },
        },
        select: { id: true, name: true, cidr: true },
      });
      await recordAuditEvent({
        tx,
        actor,
        action: "ip-pool.create",
        result: "success",
        targetType: "ip-pool",
        targetId: pool.id,
        ip: options.ip,
        details: { name: pool.name, cidr, gateway: input.gateway, nodeIds: input.nodeIds },
      });
      return pool;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw poolNameTaken(input.name);
    throw err;
  }
}
