// Two tenants for the isolation walk (lib/isolation/*.test.ts): A, whose customer does the walking, and B,
// whose ids A tries. Seeded through the lib functions an admin uses; only the node (which would need a real
// agent to join) and the catalogue rows are plain database rows. No agent is ever contacted: every door
// must refuse before it would reach a node, and the node's address is one nothing listens on.
import type { UserActor } from "../auth/actor";
import type { IdSet } from "./ids";

export type Seeded = {
  admin: UserActor;
  customerA: UserActor;
  /** B's ids (a template only B's tenant may use among them), and the shared node, pool and plan. */
  foreign: IdSet;
  /** A's own ids, for the walk's positive controls (the same request with A's id is answered). */
  own: IdSet;
  tokens: { aOperate: string; aRead: string; bOperate: string };
  /** Strings of B's that no answer to A may contain. */
  secretsOfB: string[];
};

function actorOf(u: {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "CUSTOMER";
  tenantId: string | null;
}) {
  return {
    kind: "user",
    userId: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    tenantId: u.tenantId,
    locale: "en",
    isDisabled: false,
  } satisfies UserActor;
}

/** Call after createTestDatabase(): lib/db.ts reads DATABASE_URL on first use. */
export async function seedTwoTenants(): Promise<Seeded> {
  const { db } = await import("../db");
  const { createTenant } = await import("../tenants/create-tenant");
  const { createUser } = await import("../users/create-user");
  const { createIpPool } = await import("../ip-pools/create-ip-pool");
  const { createContainer } = await import("../containers/create-container");
  const { createApiToken } = await import("../api-tokens/create-api-token");

  const adminRow = await db.user.create({
    data: { email: "admin@isolation.test", name: "Admin", role: "ADMIN", passwordHash: "-" },
  });
  const admin = actorOf({ ...adminRow, tenantId: null });

  const node = await db.node.create({
    data: {
      name: "iso-node",
      // Port 9 (discard) on loopback: nothing answers; a request that got this far would fail loudly.
      agentUrl: "http://127.0.0.1:9",
      status: "ONLINE",
      memoryMb: 100_000,
      diskFreeMb: 1_000_000,
      publicKey: "unused",
    },
  });
  // The provider's remote store for backups: a customer may not change, test or remove it. Port 9 again.
  const { setBackupRemote } = await import("../backups/set-backup-remote");
  await setBackupRemote({
    actor: admin,
    input: {
      endpoint: "http://127.0.0.1:9",
      bucket: "iso-bucket",
      accessKeyId: "iso-key",
      secretAccessKey: "iso-secret",
    },
  });
  const templateRow = {
    distro: "busybox",
    version: "1.35",
    arch: "x86_64",
    sha256: "0".repeat(64),
    sizeBytes: 1,
    format: "tar.gz",
  };
  const template = await db.osTemplate.create({ data: { ...templateRow, name: "busybox-1.35-x86_64-iso" } });
  const plan = await db.plan.create({
    data: { name: "iso-basic", ramMb: 256, diskspaceMb: 1024, diskspaceLimitMb: 1024 },
  });
  const pool = await createIpPool({
    actor: admin,
    input: {
      name: "iso-pool",
      cidr: "10.77.0.0/24",
      gateway: "10.77.0.1",
      nameservers: "",
      nodeIds: [node.id],
    },
  });

  async function seedTenant(letter: "A" | "B", hostname: string) {
    const tenant = await createTenant({ actor: admin, input: { name: `Tenant ${letter}` } });
    const email = `customer-${letter.toLowerCase()}@isolation.test`;
    const { user } = await createUser({
      actor: admin,
      input: { email, name: `Customer ${letter}`, role: "CUSTOMER", tenantId: tenant.id },
    });
    const created = await createContainer({
      actor: admin,
      input: { tenantId: tenant.id, planId: plan.id, templateId: template.id, hostname },
    });
    // The worker would have made it on the node: running, its create task done and the lock released,
    // so every action would be allowed on it were it A's.
    await db.container.update({ where: { id: created.container.id }, data: { status: "RUNNING" } });
    await db.task.update({
      where: { id: created.task.id },
      data: { status: "SUCCEEDED", progress: 100, lockKey: null, finishedAt: new Date() },
    });
    const address = await db.ipAddress.findFirstOrThrow({ where: { containerId: created.container.id } });
    // A finished backup and a schedule, as the agent and the backup worker would have left them.
    const backup = await db.backup.create({
      data: {
        nodeId: node.id,
        containerId: created.container.id,
        tenantId: tenant.id,
        ctid: created.container.ctid,
        hostname,
        mode: "snapshot",
        status: "SUCCEEDED",
        archive: `vzdump-${created.container.ctid}-${letter}.tar.zst`,
        sizeBytes: 1024n,
        sha256: "1".repeat(64),
        finishedAt: new Date(),
      },
    });
    const schedule = await db.backupSchedule.create({
      data: { tenantId: tenant.id, containerId: created.container.id },
    });
    const actor = actorOf({ ...user, name: `Customer ${letter}` });
    const operate = await createApiToken({
      actor,
      input: { name: `${letter} operate`, scopes: ["read", "operate"], expiresInDays: "" },
    });
    const ids: IdSet = {
      containerId: created.container.id,
      taskId: created.task.id,
      tenantId: tenant.id,
      userId: user.id,
      tokenId: operate.token.id,
      ipAddressId: address.id,
      ipAddress: address.address,
      poolId: pool.id,
      nodeId: node.id,
      planId: plan.id,
      templateId: template.id,
      backupId: backup.id,
      backupScheduleId: schedule.id,
      hostname,
      email,
    };
    return { actor, ids, operateSecret: operate.secret };
  }

  const a = await seedTenant("A", "alpha-own.example.com");
  const b = await seedTenant("B", "bravo-secret.example.net");
  const aRead = await createApiToken({
    actor: a.actor,
    input: { name: "A read", scopes: ["read"], expiresInDays: "" },
  });
  // Each tenant's allow-list: the shared template for both, and one template only B may use. A customer
  // sees only their tenant's templates, so B's own template is as foreign to A as B's container.
  const onlyB = await db.osTemplate.create({
    data: { ...templateRow, name: "busybox-1.35-x86_64-only-b" },
  });
  await db.tenantTemplate.createMany({
    data: [
      { tenantId: a.ids.tenantId, templateId: template.id },
      { tenantId: b.ids.tenantId, templateId: template.id },
      { tenantId: b.ids.tenantId, templateId: onlyB.id },
    ],
  });

  const f = { ...b.ids, templateId: onlyB.id };
  return {
    admin,
    customerA: a.actor,
    foreign: f,
    own: a.ids,
    tokens: { aOperate: a.operateSecret, aRead: aRead.secret, bOperate: b.operateSecret },
    secretsOfB: [
      f.containerId,
      f.taskId,
      f.tenantId,
      f.userId,
      f.tokenId,
      f.ipAddressId,
      f.ipAddress,
      f.hostname,
      f.email,
      f.templateId,
      f.backupId,
      f.backupScheduleId,
    ],
  };
}

/**
 * Everything a walk by A must leave as it was: B's rows in full (updatedAt included), the shared
 * resources, row counts, and every audit event not written by A. A's own rows may change (A may change
 * A's password or make A's tokens); nothing else may.
 */
export async function snapshotAllButA(seeded: Seeded): Promise<string> {
  const { db } = await import("../db");
  const b = seeded.foreign;
  const aUser = seeded.customerA.userId;
  const rows = {
    tenantsNotA: await db.tenant.findMany({
      where: { id: { not: seeded.own.tenantId } },
      orderBy: { id: "asc" },
    }),
    usersB: await db.user.findMany({ where: { tenantId: b.tenantId }, orderBy: { id: "asc" } }),
    admins: await db.user.findMany({ where: { role: "ADMIN" }, orderBy: { id: "asc" } }),
    tokensNotA: await db.apiToken.findMany({ where: { userId: { not: aUser } }, orderBy: { id: "asc" } }),
    containers: await db.container.findMany({ orderBy: { id: "asc" } }),
    tasks: await db.task.findMany({ orderBy: { id: "asc" } }),
    taskLogLines: await db.taskLogLine.count(),
    ipAddresses: await db.ipAddress.findMany({ orderBy: { id: "asc" } }),
    pools: await db.ipPool.findMany({ orderBy: { id: "asc" }, include: { nodes: true } }),
    nodes: await db.node.findMany({ orderBy: { id: "asc" } }),
    plans: await db.plan.findMany({ orderBy: { id: "asc" } }),
    templates: await db.osTemplate.findMany({
      orderBy: { id: "asc" },
      include: { tenants: true, nodes: true },
    }),
    settings: await db.setting.findMany({ orderBy: { key: "asc" } }),
    usageSamples: await db.usageSample.count(),
    backups: await db.backup.findMany({ orderBy: { id: "asc" } }),
    backupSchedules: await db.backupSchedule.findMany({ orderBy: { id: "asc" } }),
    backupRemote: await db.backupRemote.findMany(),
    auditNotByA: await db.auditEvent.findMany({
      where: { OR: [{ actorId: null }, { actorId: { not: aUser } }] },
      orderBy: { id: "asc" },
    }),
    auditAboutB: await db.auditEvent.count({
      where: { OR: [{ tenantId: b.tenantId }, { targetId: { in: seeded.secretsOfB } }] },
    }),
  };
  // BigInt (backup sizes) has no JSON form of its own.
  return JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 1);
}
