import { z } from "zod";

// The JSON shapes of the catalogue and administration resources of /api/v1 (templates, plans, nodes,
// IP pools, tenants, users, provisioning, usage). Dates are ISO 8601 strings; sizes are MiB.

const ref = z.object({ id: z.string(), name: z.string() });
const dateTime = z.iso.datetime().describe("ISO 8601 date-time");
const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => d?.toISOString() ?? null;

export const templateView = z
  .object({
    id: z.string(),
    name: z.string().describe("e.g. debian-12-x86_64-minimal"),
    distro: z.string(),
    version: z.string(),
    arch: z.string(),
    variant: z.string(),
    format: z.string().describe("tar.gz, tar.xz or tar.zst"),
    sha256: z.string(),
    sizeBytes: z.int(),
    isEnabled: z.boolean().describe("Disabled templates are offered to nobody; customers never see them."),
    nodes: z.array(ref).nullable().describe("Admins only: the nodes that have it; null for customers."),
    containerCount: z.int().nullable().describe("Admins only: containers made from it; null for customers."),
    createdAt: dateTime,
  })
  .meta({ id: "Template" });

export function toTemplateView(t: {
  id: string;
  name: string;
  distro: string;
  version: string;
  arch: string;
  variant: string;
  format: string;
  sha256: string;
  sizeBytes: number;
  isEnabled: boolean;
  nodes: { id: string; name: string }[] | null;
  containerCount: number | null;
  createdAt: Date;
}) {
  return {
    id: t.id,
    name: t.name,
    distro: t.distro,
    version: t.version,
    arch: t.arch,
    variant: t.variant,
    format: t.format,
    sha256: t.sha256,
    sizeBytes: t.sizeBytes,
    isEnabled: t.isEnabled,
    nodes: t.nodes,
    containerCount: t.containerCount,
    createdAt: iso(t.createdAt),
  };
}

const nullableInt = z.int().nullable();

export const planView = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    limits: z
      .object({
        ramMb: z.int().describe("Guaranteed RAM, MiB."),
        swapMb: z.int().describe("Swap, MiB."),
        numproc: nullableInt.describe("Processes; null is unlimited."),
        cpuunits: z.int().describe("Relative CPU weight (vzctl CPUUNITS)."),
        cpulimit: nullableInt.describe("Percent of one CPU, 100 = one full CPU; null is unlimited."),
        cpus: nullableInt.describe("CPUs it may use; null is all of the node's."),
        diskspaceMb: z.int().describe("Disk barrier, MiB."),
        diskspaceLimitMb: z.int().describe("Disk limit (the disk image's size), MiB."),
        diskinodes: nullableInt.describe("Inode barrier; null is unlimited."),
        diskinodesLimit: nullableInt.describe("Inode limit; null is unlimited."),
        numpty: nullableInt.describe("Pseudo-terminals; null is unlimited."),
        numfile: nullableInt.describe("Open files; null is unlimited."),
        bandwidthMbit: nullableInt.describe("Network bandwidth, Mbit/s; null is unlimited."),
      })
      .describe("As vzctl sets them, in the units named."),
    containerCount: nullableInt.describe("Admins only: containers on this plan; null for customers."),
  })
  .meta({ id: "Plan" });

type PlanRow = {
  id: string;
  name: string;
  description: string;
  ramMb: number;
  swapMb: number;
  numproc: number | null;
  cpuunits: number;
  cpulimit: number | null;
  cpus: number | null;
  diskspaceMb: number;
  diskspaceLimitMb: number;
  diskinodes: number | null;
  diskinodesLimit: number | null;
  numpty: number | null;
  numfile: number | null;
  bandwidthMbit: number | null;
};

export function toPlanView(p: PlanRow, containerCount: number | null) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    limits: {
      ramMb: p.ramMb,
      swapMb: p.swapMb,
      numproc: p.numproc,
      cpuunits: p.cpuunits,
      cpulimit: p.cpulimit,
      cpus: p.cpus,
      diskspaceMb: p.diskspaceMb,
      diskspaceLimitMb: p.diskspaceLimitMb,
      diskinodes: p.diskinodes,
      diskinodesLimit: p.diskinodesLimit,
      numpty: p.numpty,
      numfile: p.numfile,
      bandwidthMbit: p.bandwidthMbit,
    },
    containerCount,
  };
}

export const nodeView = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(["PENDING", "ONLINE", "OFFLINE"]),
    isDisabled: z.boolean().describe("Drained: takes no new containers."),
    hostname: z.string().nullable(),
    agentVersion: z.string().nullable(),
    lxcVersion: z.string().nullable(),
    kernel: z.string().nullable(),
    capacity: z.object({
      cpus: nullableInt,
      memoryMb: nullableInt,
      diskMb: nullableInt,
      diskFreeMb: nullableInt.describe("Free disk the agent last reported."),
    }),
    allocated: z.object({
      ramMb: z.int().describe("Sum of its containers' RAM."),
      diskMb: z.int().describe("Sum of its containers' disk limits."),
    }),
    containerCount: z.int(),
    lastSeenAt: dateTime.nullable(),
    lastError: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "Node" });

export function toNodeView(n: {
  id: string;
  name: string;
  status: "PENDING" | "ONLINE" | "OFFLINE";
  isDisabled: boolean;
  hostname: string | null;
  agentVersion: string | null;
  lxcVersion: string | null;
  kernel: string | null;
  cpus: number | null;
  memoryMb: number | null;
  diskMb: number | null;
  diskFreeMb: number | null;
  allocatedRamMb: number;
  allocatedDiskMb: number;
  containerCount: number;
  lastSeenAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}) {
  return {
    id: n.id,
    name: n.name,
    status: n.status,
    isDisabled: n.isDisabled,
    hostname: n.hostname,
    agentVersion: n.agentVersion,
    lxcVersion: n.lxcVersion,
    kernel: n.kernel,
    capacity: { cpus: n.cpus, memoryMb: n.memoryMb, diskMb: n.diskMb, diskFreeMb: n.diskFreeMb },
    allocated: { ramMb: n.allocatedRamMb, diskMb: n.allocatedDiskMb },
    containerCount: n.containerCount,
    lastSeenAt: isoOrNull(n.lastSeenAt),
    lastError: n.lastError,
    createdAt: iso(n.createdAt),
  };
}

const bigCount = z
  .string()
  .regex(/^\d+$/)
  .describe("A decimal string: an IPv6 pool holds more addresses than a JSON number can count exactly.");

export const ipPoolView = z
  .object({
    id: z.string(),
    name: z.string(),
    cidr: z.string(),
    ipVersion: z.union([z.literal(4), z.literal(6)]),
    gateway: z.string().nullable(),
    nodes: z.array(ref).describe("The nodes it serves."),
    usage: z.object({
      total: bigCount.describe("Assignable addresses (without network, broadcast and gateway)."),
      used: z.int().describe("Given to containers."),
      reserved: z.int().describe("Reserved, not given to a container."),
      free: bigCount,
    }),
  })
  .meta({ id: "IpPool" });

export const ipPoolDetailView = ipPoolView
  .extend({ nameservers: z.array(z.string()), createdAt: dateTime })
  .meta({ id: "IpPoolDetail" });

type PoolUsage = { total: bigint; used: number; reserved: number; free: bigint };

export function toIpPoolView(p: {
  id: string;
  name: string;
  cidr: string;
  ipVersion: number;
  gateway: string | null;
  nodes: { id: string; name: string }[];
  usage: PoolUsage;
}) {
  return {
    id: p.id,
    name: p.name,
    cidr: p.cidr,
    ipVersion: p.ipVersion === 6 ? (6 as const) : (4 as const),
    gateway: p.gateway,
    nodes: p.nodes,
    usage: {
      total: p.usage.total.toString(),
      used: p.usage.used,
      reserved: p.usage.reserved,
      free: p.usage.free.toString(),
    },
  };
}

export const ipAddressView = z
  .object({
    id: z.string(),
    address: z.string(),
    isReserved: z.boolean(),
    note: z.string().nullable(),
    containerId: z.string().nullable().describe("The container holding it; null if only reserved."),
    allocatedAt: dateTime.nullable(),
  })
  .meta({ id: "IpAddress" });

export function toIpAddressView(a: {
  id: string;
  address: string;
  isReserved: boolean;
  note: string | null;
  containerId: string | null;
  allocatedAt: Date | null;
}) {
  return {
    id: a.id,
    address: a.address,
    isReserved: a.isReserved,
    note: a.note,
    containerId: a.containerId,
    allocatedAt: isoOrNull(a.allocatedAt),
  };
}

const caps = z
  .object({
    maxContainers: nullableInt,
    maxRamMb: nullableInt.describe("Total RAM of its containers, MiB."),
    maxDiskMb: nullableInt.describe("Total disk limits of its containers, MiB."),
  })
  .describe("Enforced on create and plan change; null is no cap.");

export const tenantView = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(["ACTIVE", "SUSPENDED"]),
    suspendedReason: z.string().nullable().describe("Why it is suspended, as its customers see it."),
    caps,
    userCount: z.int(),
    containerCount: z.int(),
    createdAt: dateTime,
  })
  .meta({ id: "Tenant" });

export const tenantDetailView = tenantView
  .extend({
    allocated: z.object({
      ramMb: z.int().describe("Sum of its containers' RAM."),
      diskMb: z.int().describe("Sum of its containers' disk limits."),
    }),
  })
  .meta({ id: "TenantDetail" });

type TenantRow = {
  id: string;
  name: string;
  status: "ACTIVE" | "SUSPENDED";
  suspendedReason: string | null;
  maxContainers: number | null;
  maxRamMb: number | null;
  maxDiskMb: number | null;
  createdAt: Date;
};

export function toTenantView(t: TenantRow & { userCount: number; containerCount: number }) {
  return {
    id: t.id,
    name: t.name,
    status: t.status,
    suspendedReason: t.suspendedReason,
    caps: { maxContainers: t.maxContainers, maxRamMb: t.maxRamMb, maxDiskMb: t.maxDiskMb },
    userCount: t.userCount,
    containerCount: t.containerCount,
    createdAt: iso(t.createdAt),
  };
}

/** From lib/tenants/get-tenant.ts's answer. */
export function toTenantDetailView(
  t: TenantRow & { users: unknown[]; containers: unknown[]; usage: { ramMb: number; diskMb: number } },
) {
  return {
    ...toTenantView({ ...t, userCount: t.users.length, containerCount: t.containers.length }),
    allocated: { ramMb: t.usage.ramMb, diskMb: t.usage.diskMb },
  };
}

export const userView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["ADMIN", "CUSTOMER"]),
    tenant: ref.nullable().describe("A customer's tenant; null for admins."),
    isDisabled: z.boolean(),
    hasTotp: z.boolean().describe("Signs in with a second factor."),
    lastLoginAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "User" });

export function toUserView(u: {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "CUSTOMER";
  tenant: { id: string; name: string } | null;
  isDisabled: boolean;
  totpEnabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    tenant: u.tenant,
    isDisabled: u.isDisabled,
    hasTotp: u.totpEnabledAt !== null,
    lastLoginAt: isoOrNull(u.lastLoginAt),
    createdAt: iso(u.createdAt),
  };
}

export const createdUserView = z
  .object({
    user: userView,
    password: z
      .string()
      .nullable()
      .describe("The generated sign-in password, shown this once; null if you chose one."),
  })
  .meta({ id: "CreatedUser" });

export const usageView = z
  .object({
    containerId: z.string(),
    from: dateTime,
    to: dateTime,
    sampleCount: z.int().describe("Samples in the period (one a minute while the container runs)."),
    firstSampleAt: dateTime
      .nullable()
      .describe("The oldest sample used: samples are kept 7 days, so figures reach back no further."),
    lastSampleAt: dateTime.nullable(),
    network: z.object({
      rxBytes: z.int().min(0).describe("Bytes received in the period."),
      txBytes: z.int().min(0).describe("Bytes sent in the period."),
      counterResets: z
        .int()
        .min(0)
        .describe("Counter resets seen (container restarts); already accounted for."),
    }),
    ram: z.object({ peakMb: z.number(), averageMb: z.number() }),
    disk: z.object({
      lastUsedMb: z.number().nullable().describe("Disk used at the last sample."),
      peakMb: z.number(),
    }),
    cpu: z.object({
      averagePercent: z.number().describe("Percent of one CPU, averaged over the samples."),
      peakPercent: z.number(),
      cpuSeconds: z.int().min(0).describe("CPU time used, seconds."),
    }),
  })
  .meta({ id: "ContainerUsage" });
