// CPU per /api/v1 request inside the panel process, without HTTP, LXC or a node: the dispatcher that
// server.ts calls, on a real SQLite database seeded with 200 containers of 10 tenants. Prints CPU ms per
// request for list (50), get, and a get of another tenant's container (404); bench/panel-api-load gives
// the end-to-end figures. Usage: bench/api-dispatch-cpu [requests=2000]
import { createTestDatabase } from "../lib/testing/test-db";

const N = Number(process.argv[2] ?? 2000);
process.env.NEXTAUTH_SECRET = "bench-only-secret-0123456789abcdef0123456789";
process.env.BERTH_API_RATE_PER_MINUTE = "100000000";
process.env.BERTH_API_RATE_BURST = "100000000";
const testDb = createTestDatabase();
const { db } = await import("../lib/db");
const { dispatchApiRequest } = await import("../lib/api/router");
const { createApiToken } = await import("../lib/api-tokens/create-api-token");

try {
  const node = await db.node.create({
    data: {
      name: "n",
      agentUrl: "http://127.0.0.1:9",
      status: "ONLINE",
      publicKey: "k",
      lastSeenAt: new Date(),
    },
  });
  const template = await db.osTemplate.create({
    data: {
      name: "busybox-1.35-x86_64",
      distro: "busybox",
      version: "1.35",
      arch: "x86_64",
      sha256: "0".repeat(64),
      sizeBytes: 1,
      format: "tar.gz",
    },
  });
  const plan = await db.plan.create({
    data: { name: "p", ramMb: 64, diskspaceMb: 32, diskspaceLimitMb: 32 },
  });
  const pool = await db.ipPool.create({
    data: { name: "pool", cidr: "10.42.0.0/16", ipVersion: 4, nodes: { create: { nodeId: node.id } } },
  });
  const admin = await db.user.create({
    data: { email: "a@b.test", name: "A", role: "ADMIN", passwordHash: "-" },
  });
  const tenants = [];
  for (let i = 0; i < 10; i++) {
    const t = await db.tenant.create({ data: { name: `t${i}` } });
    const u = await db.user.create({
      data: { email: `c${i}@b.test`, name: `C${i}`, role: "CUSTOMER", passwordHash: "-", tenantId: t.id },
    });
    tenants.push({ t, u });
  }
  const ids: string[][] = tenants.map(() => []);
  for (let i = 0; i < 200; i++) {
    const c = await db.container.create({
      data: {
        nodeId: node.id,
        ctid: 1000 + i,
        tenantId: (tenants[i % 10] as (typeof tenants)[number]).t.id,
        planId: plan.id,
        templateId: template.id,
        hostname: `vps${i}.b.test`,
        status: "STOPPED",
        ramMb: 64,
        diskspaceMb: 32,
        diskspaceLimitMb: 32,
      },
    });
    await db.ipAddress.create({
      data: {
        poolId: pool.id,
        address: `10.42.${Math.floor(i / 250)}.${(i % 250) + 2}`,
        containerId: c.id,
        allocatedAt: new Date(),
      },
    });
    ids[i % 10]?.push(c.id);
  }
  const actor = (u: { id: string; email: string; role: "ADMIN" | "CUSTOMER"; tenantId: string | null }) => ({
    kind: "user" as const,
    userId: u.id,
    email: u.email,
    name: u.email,
    role: u.role,
    tenantId: u.tenantId,
    locale: "en",
    isDisabled: false,
  });
  const adminToken = (
    await createApiToken({
      actor: actor(admin),
      input: { name: "b", scopes: ["read", "operate", "provision", "admin"], expiresInDays: "" },
    })
  ).secret;
  const custToken = (
    await createApiToken({
      actor: actor((tenants[0] as (typeof tenants)[number]).u),
      input: { name: "b", scopes: ["read", "operate"], expiresInDays: "" },
    })
  ).secret;

  async function call(token: string, method: string, path: string) {
    const res = await dispatchApiRequest(
      new Request(`http://panel.test/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    await res.arrayBuffer();
    return res.status;
  }
  const cases: [string, string, string, string][] = [
    ["admin list 50", adminToken, "GET", "/containers?limit=50"],
    ["customer list", custToken, "GET", "/containers?limit=50"],
    ["admin get", adminToken, "GET", `/containers/${ids[3]?.[0]}`],
    ["customer get", custToken, "GET", `/containers/${ids[0]?.[0]}`],
    ["customer get, other tenant's (404)", custToken, "GET", `/containers/${ids[3]?.[0]}`],
  ];
  for (const [name, token, method, path] of cases) {
    const status = await call(token, method, path);
    for (let i = 0; i < 200; i++) await call(token, method, path); // warm up
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await call(token, method, path);
    const cpu = process.cpuUsage(c0);
    const ms = performance.now() - t0;
    console.log(
      `${name.padEnd(36)} ${status}  ${((cpu.user + cpu.system) / 1000 / N).toFixed(3)} ms CPU, ${(ms / N).toFixed(3)} ms wall`,
    );
  }
} finally {
  await db.$disconnect();
  testDb.cleanup();
}
