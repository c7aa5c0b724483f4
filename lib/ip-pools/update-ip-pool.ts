import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import { describeAddressHolder } from "./address-holder";
import { assertNodesExist } from "./assert-nodes-exist";
import { cidrContains, formatCidr, isAssignable, parseIp } from "./cidr";
import { assertNoOverlappingPool } from "./find-overlapping-pool";
import { poolNameTaken } from "./pool-name-taken";
import { poolInputSchema } from "./schemas";

/**
 * Changes a pool's name, block, gateway, nameservers and nodes. The block may change only while every
 * allocated and reserved address still fits in it, and the gateway may not be an address in use.
 * Containers already holding addresses keep them when their node stops being served.
 */
export async function updateIpPool(options: { actor: Actor; poolId: string; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "ip-pool.manage", { type: "ip-pool", id: options.poolId });
  const input = parseInput(poolInputSchema, options.input);
  const cidr = formatCidr(input.cidr);
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.ipPool.findUnique({
        where: { id: options.poolId },
        select: {
          id: true,
          name: true,
          cidr: true,
          gateway: true,
          nameservers: true,
          nodes: { select: { nodeId: true } },
        },
      });
      if (!before)
        throw new AppError("NOT_FOUND", "That IP pool no longer exists. Go back to the list of pools.");
      await assertNoOverlappingPool(tx, input.cidr, before.id);
      await assertNodesExist(tx, input.nodeIds);
      if (cidr !== before.cidr) {
        const rows = await tx.ipAddress.findMany({ where: { poolId: before.id }, select: { address: true } });
        const numeric = (a: string) => parseIp(a)?.value ?? 0n;
        rows.sort((a, b) => (numeric(a.address) < numeric(b.address) ? -1 : 1));
        const outside = rows.find((r) => {
          const ip = parseIp(r.address);
          return !ip || !cidrContains(input.cidr, ip) || !isAssignable(input.cidr, ip.value);
        });
        if (outside) {
          throw new AppError(
            "CONFLICT",
            `${outside.address} (${await describeAddressHolder(tx, outside.address, before.id)}) would not be a host address of ${cidr}. Keep a block that contains every allocated and reserved address, or release it first.`,
            { field: "cidr", reason: "addresses-outside" },
          );
        }
      }
      if (input.gateway && input.gateway !== before.gateway) {
        const row = await tx.ipAddress.findUnique({
          where: { poolId_address: { poolId: before.id, address: input.gateway } },
          select: { id: true },
        });
        if (row) {
          throw new AppError(
            "CONFLICT",
            `Gateway ${input.gateway} is used by ${await describeAddressHolder(tx, input.gateway, before.id)}. Choose another gateway, or release that address first.`,
            { field: "gateway", reason: "gateway-in-use" },
          );
        }
      }
      await tx.ipPoolNode.deleteMany({ where: { poolId: before.id, nodeId: { notIn: input.nodeIds } } });
      const had = new Set(before.nodes.map((n) => n.nodeId));
      const added = input.nodeIds.filter((id) => !had.has(id));
      const pool = await tx.ipPool.update({
        where: { id: before.id },
        data: {
          name: input.name,
          cidr,
          ipVersion: input.cidr.version,
          gateway: input.gateway,
          nameservers: input.nameservers,
          nodes: { create: added.map((nodeId) => ({ nodeId })) },
        },
        select: { id: true, name: true, cidr: true },
      });
      await recordAuditEvent({
        tx,
        actor,
        action: "ip-pool.update",
        result: "success",
        targetType: "ip-pool",
        targetId: pool.id,
        ip: options.ip,
        details: {
          name: pool.name,
          from: {
            name: before.name,
            cidr: before.cidr,
            gateway: before.gateway,
            nameservers: before.nameservers,
            nodeIds: [...had],
          },
          to: {
            name: input.name,
            cidr,
            gateway: input.gateway,
            nameservers: input.nameservers,
            nodeIds: input.nodeIds,
          },
        },
      });
      return pool;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw poolNameTaken(input.name);
    throw err;
  }
}
