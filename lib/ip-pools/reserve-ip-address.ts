import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { cidrContains, formatCidr, isAssignable, parseCidr, parseIp } from "./cidr";
import { reserveInputSchema } from "./schemas";

/**
 * Reserves an address of a pool, with a note: automatic allocation skips it (an admin may still give it to
 * a container by hand). An address a container holds may be reserved too: it then stays out of automatic
 * allocation after the container lets it go.
 */
export async function reserveIpAddress(options: {
  actor: Actor;
  poolId: string;
  input: unknown;
  ip?: string;
}) {
  const { actor } = options;
  authorize(actor, "ip-pool.manage", { type: "ip-pool", id: options.poolId });
  const { address, note } = parseInput(reserveInputSchema, options.input);
  return db.$transaction(async (tx) => {
    const pool = await tx.ipPool.findUnique({
      where: { id: options.poolId },
      select: { id: true, name: true, cidr: true, gateway: true },
    });
    if (!pool)
      throw new AppError("NOT_FOUND", "That IP pool no longer exists. Go back to the list of pools.");
    const cidr = parseCidr(pool.cidr);
    const ip = parseIp(address);
    if (!ip || !cidrContains(cidr, ip)) {
      throw new AppError(
        "VALIDATION",
        `${address} is not in this pool's block ${formatCidr(cidr)}. Reserve an address inside it.`,
        {
          field: "address",
        },
      );
    }
    if (!isAssignable(cidr, ip.value) || address === pool.gateway) {
      throw new AppError(
        "VALIDATION",
        `${address} is ${address === pool.gateway ? "the gateway" : "the network or broadcast address"}: it is never given to a container, so there is nothing to reserve.`,
        { field: "address" },
      );
    }
    const existing = await tx.ipAddress.findUnique({
      where: { poolId_address: { poolId: pool.id, address } },
      select: { id: true, isReserved: true },
    });
    if (existing?.isReserved) {
      throw new AppError(
        "CONFLICT",
        `${address} is already reserved. Remove the reservation first to change its note.`,
        {
          field: "address",
        },
      );
    }
    // upsert: the unique index settles a race with an allocation of the same address.
    const row = await tx.ipAddress.upsert({
      where: { poolId_address: { poolId: pool.id, address } },
      create: { poolId: pool.id, address, isReserved: true, note: note || null },
      update: { isReserved: true, note: note || null },
      select: { id: true, address: true, containerId: true },
    });
    await recordAuditEvent({
      tx,
      actor,
      action: "ip-pool.reserve",
      result: "success",
      targetType: "ip-pool",
      targetId: pool.id,
      ip: options.ip,
      details: { pool: pool.name, address, note },
    });
    return row;
  });
}
