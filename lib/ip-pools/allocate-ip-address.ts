import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";
import { describeAddressHolder } from "./address-holder";
import {
  type Cidr,
  cidrContains,
  formatCidr,
  formatIp,
  isAssignable,
  iterateAssignable,
  parseCidr,
  parseIp,
} from "./cidr";

export type AllocatedIpAddress = {
  id: string;
  poolId: string;
  poolName: string;
  /** Canonical text, as stored. */
  address: string;
  ipVersion: 4 | 6;
  /** The pool's prefix length, for the container's interface (address/prefix). */
  prefix: number;
  gateway: string | null;
  /** Space-separated, as vzctl NAMESERVER. */
  nameservers: string;
};

type PoolRow = {
  id: string;
  name: string;
  cidr: string;
  ipVersion: number;
  gateway: string | null;
  nameservers: string;
};

/**
 * Gives a container an address: the first free one of a pool serving its node, or the one asked for.
 *
 * Building block for the container functions (create, add IP), which authorize and audit; pass their
 * transaction as `tx` so the address and the container land together. No address is ever given twice:
 * the unique index on (poolId, address) decides between concurrent allocations. A losing insert does
 * nothing (ON CONFLICT DO NOTHING, which, unlike a failed insert, leaves a PostgreSQL transaction usable)
 * and the next free address is tried.
 *
 * Auto allocation tries the pool given, else the pools serving the node of the version asked for (IPv4
 * when the node has IPv4 pools, else IPv6), by name. A chosen address must lie in a pool serving the node; an address the admin
 * reserved may be chosen (it stays reserved when released), one held by another container may not.
 */
export async function allocateIpAddress(options: {
  tx?: Prisma.TransactionClient;
  nodeId: string;
  containerId: string;
  poolId?: string;
  address?: string;
  ipVersion?: 4 | 6;
}): Promise<AllocatedIpAddress> {
  const client = options.tx ?? db;
  const node = await client.node.findUnique({ where: { id: options.nodeId }, select: { name: true } });
  if (!node) throw new AppError("NOT_FOUND", "That node does not exist. Reload the page and choose another.");
  const pools = await client.ipPool.findMany({
    where: {
      nodes: { some: { nodeId: options.nodeId } },
      ...(options.poolId ? { id: options.poolId } : {}),
      ...(options.ipVersion ? { ipVersion: options.ipVersion } : {}),
    },
    orderBy: [{ ipVersion: "asc" }, { name: "asc" }],
    select: { id: true, name: true, cidr: true, ipVersion: true, gateway: true, nameservers: true },
  });
  if (options.poolId && pools.length === 0) {
    const pool = await client.ipPool.findUnique({ where: { id: options.poolId }, select: { name: true } });
    if (!pool)
      throw new AppError("NOT_FOUND", "That IP pool does not exist. Reload the page and choose another.");
    throw new AppError(
      "VALIDATION",
      `IP pool ${pool.name} does not serve node ${node.name}${options.ipVersion ? ` with IPv${options.ipVersion}` : ""}. Add the node to the pool, or choose another pool.`,
      { field: "poolId", reason: "pool-not-on-node" },
    );
  }
  if (options.address !== undefined) {
    return allocateChosen(client, { ...options, address: options.address }, node.name, pools);
  }
  if (pools.length === 0) {
    throw new AppError(
      "VALIDATION",
      `No IP pool${options.ipVersion ? ` with IPv${options.ipVersion}` : ""} serves node ${node.name}. Create one on the IP pools page, or add this node to a pool.`,
      { reason: "no-pool-for-node" },
    );
  }
  // Without a version asked for, IPv4 when the node has it: a container expecting IPv4 never silently gets
  // only IPv6 because the IPv4 pools are full.
  const version = options.ipVersion ?? (pools.some((p) => p.ipVersion === 4) ? 4 : 6);
  const candidates = pools.filter((p) => p.ipVersion === version);
  for (const pool of candidates) {
    const allocated = await allocateFirstFree(client, pool, options.containerId);
    if (allocated) return allocated;
  }
  const names = candidates.map((p) => p.name);
  throw new AppError(
    "CONFLICT",
    names.length === 1
      ? `IP pool ${names[0]} has no free address. Release or un-reserve addresses, or add another pool for node ${node.name}.`
      : `Every IPv${version} pool serving node ${node.name} is full (${names.join(", ")}). Release or un-reserve addresses, or add another pool.`,
    { reason: "pool-full" },
  );
}

async function allocateFirstFree(
  client: Prisma.TransactionClient,
  pool: PoolRow,
  containerId: string,
): Promise<AllocatedIpAddress | null> {
  const cidr = parseCidr(pool.cidr);
  // Rows exist only for allocated and reserved addresses: they and the gateway are what to skip.
  const rows = await client.ipAddress.findMany({ where: { poolId: pool.id }, select: { address: true } });
  const taken = new Set(rows.map((r) => r.address));
  if (pool.gateway) taken.add(pool.gateway);
  for (const value of iterateAssignable(cidr)) {
    const address = formatIp({ version: cidr.version, value });
    if (taken.has(address)) continue;
    const id = await insertIfFree(client, pool.id, address, containerId);
    if (id) return toAllocated(pool, cidr, id, address);
    // Someone else took it since the read above: try the next one.
    taken.add(address);
  }
  return null;
}

async function allocateChosen(
  client: Prisma.TransactionClient,
  options: { nodeId: string; containerId: string; address: string },
  nodeName: string,
  pools: PoolRow[],
): Promise<AllocatedIpAddress> {
  const ip = parseIp(options.address);
  if (!ip) {
    throw new AppError(
      "VALIDATION",
      `"${options.address}" is not an IP address: write e.g. 192.0.2.10 or 2001:db8::10.`,
      { field: "address" },
    );
  }
  const address = formatIp(ip);
  const found = pools
    .map((pool) => ({ pool, cidr: parseCidr(pool.cidr) }))
    .find(({ cidr }) => cidrContains(cidr, ip));
  if (!found) {
    const served = pools.map((p) => p.cidr).join(", ");
    throw new AppError(
      "VALIDATION",
      `Address ${address} is not in any IP pool serving node ${nodeName}${served ? ` (${served})` : ""}. Choose an address from those pools, or add a pool for this node.`,
      { field: "address", reason: "not-in-pool" },
    );
  }
  const { pool, cidr } = found;
  if (!isAssignable(cidr, ip.value) || address === pool.gateway) {
    const what = address === pool.gateway ? "the gateway" : "the network or broadcast address";
    throw new AppError(
      "VALIDATION",
      `Address ${address} is ${what} of IP pool ${pool.name} (${formatCidr(cidr)}): choose another.`,
      { field: "address", reason: "not-assignable" },
    );
  }
  const id = await insertIfFree(client, pool.id, address, options.containerId);
  if (id) return toAllocated(pool, cidr, id, address);
  const row = await client.ipAddress.findUnique({
    where: { poolId_address: { poolId: pool.id, address } },
    select: { id: true, containerId: true },
  });
  if (row && row.containerId === options.containerId) return toAllocated(pool, cidr, row.id, address);
  if (row && row.containerId === null) {
    // A reserved address, given by hand: compare-and-set, so two containers cannot both take it.
    const taken = await client.ipAddress.updateMany({
      where: { id: row.id, containerId: null },
      data: { containerId: options.containerId, allocatedAt: new Date() },
    });
    if (taken.count === 1) return toAllocated(pool, cidr, row.id, address);
  }
  const holder = await describeAddressHolder(client, address, pool.id);
  throw new AppError("CONFLICT", `Address ${address} is already used by ${holder}. Choose another address.`, {
    field: "address",
    reason: "address-in-use",
  });
}

/** Inserts the allocation row unless the address already has one. Returns the new row's id, or null. */
async function insertIfFree(
  client: Prisma.TransactionClient,
  poolId: string,
  address: string,
  containerId: string,
): Promise<string | null> {
  const id = randomUUID();
  // Raw SQL for ON CONFLICT DO NOTHING (same syntax in SQLite and PostgreSQL); all values are bound
  // parameters. A Prisma create would fail with P2002 instead, which aborts a PostgreSQL transaction.
  const inserted = await client.$executeRaw`
    INSERT INTO "IpAddress" ("id", "poolId", "address", "containerId")
    VALUES (${id}, ${poolId}, ${address}, ${containerId})
    ON CONFLICT ("poolId", "address") DO NOTHING`;
  if (inserted !== 1) return null;
  // The timestamp goes through Prisma, which stores dates the same way on both databases.
  await client.ipAddress.update({ where: { id }, data: { allocatedAt: new Date() }, select: { id: true } });
  return id;
}

function toAllocated(pool: PoolRow, cidr: Cidr, id: string, address: string): AllocatedIpAddress {
  return {
    id,
    poolId: pool.id,
    poolName: pool.name,
    address,
    ipVersion: cidr.version,
    prefix: cidr.prefix,
    gateway: pool.gateway,
    nameservers: pool.nameservers,
  };
}
