import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { authorize, getTenantScope } from "../auth/authorize";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

export const CONTAINER_STATUSES = [
  "CREATING",
  "STOPPED",
  "RUNNING",
  "SUSPENDED",
  "UNKNOWN",
  "ERROR",
  "DESTROYING",
] as const;
const SORTS = ["ctid", "-ctid", "hostname", "-hostname", "created", "-created", "status", "-status"] as const;

/** The list's query as it appears in the page URL (so every view has a stable address). */
export const containerListQuerySchema = z.object({
  q: z.string().trim().max(100).catch(""),
  node: z.string().max(64).catch(""),
  tenant: z.string().max(64).catch(""),
  status: z.enum(CONTAINER_STATUSES).or(z.literal("")).catch(""),
  template: z.string().max(64).catch(""),
  sort: z.enum(SORTS).catch("-created"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce.number().int().min(10).max(200).catch(50),
});
export type ContainerListQuery = z.infer<typeof containerListQuerySchema>;

function orderBy(sort: ContainerListQuery["sort"]): Prisma.ContainerOrderByWithRelationInput[] {
  const dir = sort.startsWith("-") ? "desc" : "asc";
  const key = sort.replace(/^-/, "");
  const field = key === "created" ? "createdAt" : key;
  // A unique tie-breaker keeps pages stable while rows with equal keys exist.
  return [{ [field]: dir }, { id: "asc" }];
}

/**
 * Containers the actor may see (all for admins, their tenant's for customers), filtered, sorted and paged
 * in the database. Search matches host name, name, CTID or an IP address.
 */
export async function listContainers(options: {
  actor: Actor;
  query?: Partial<Record<keyof ContainerListQuery, unknown>>;
}) {
  authorize(options.actor, "container.list", null);
  const query = containerListQuerySchema.parse(options.query ?? {});
  const tenantScope = getTenantScope(options.actor);
  const and: Prisma.ContainerWhereInput[] = [];
  if (tenantScope) and.push({ tenantId: tenantScope });
  if (query.tenant && !tenantScope) and.push({ tenantId: query.tenant });
  if (query.node) and.push({ nodeId: query.node });
  if (query.status) and.push({ status: query.status });
  if (query.template) and.push({ templateId: query.template });
  if (query.q) {
    const q = query.q.toLowerCase();
    const or: Prisma.ContainerWhereInput[] = [
      { hostname: { contains: q } },
      { name: { contains: query.q } },
      { ipAddresses: { some: { address: { startsWith: q } } } },
    ];
    if (/^\d+$/.test(q)) or.push({ ctid: Number(q) });
    and.push({ OR: or });
  }
  const where: Prisma.ContainerWhereInput = and.length ? { AND: and } : {};
  const [total, rows] = await Promise.all([
    db.container.count({ where }),
    db.container.findMany({
      where,
      orderBy: orderBy(query.sort),
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: {
        id: true,
        ctid: true,
        hostname: true,
        status: true,
        hasDrift: true,
        ramMb: true,
        diskspaceMb: true,
        node: { select: { id: true, name: true } },
        tenant: { select: { id: true, name: true } },
        plan: { select: { id: true, name: true } },
        template: { select: { id: true, name: true } },
        ipAddresses: { select: { address: true } },
      },
    }),
  ]);
  return { query, total, pages: Math.max(1, Math.ceil(total / query.pageSize)), rows };
}
