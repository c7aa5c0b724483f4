import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor";
import { createTestDatabase } from "../testing/test-db";

// The catalogue against a real database: upload (checksum, archive check, nothing left on refusal),
// delete refused while a container uses the template, and the signed download route.

const testDb = createTestDatabase();
const dataDir = mkdtempSync(path.join(tmpdir(), "berth-template-store-"));
process.env.BERTH_DATA_DIR = dataDir;
const { db } = await import("../db");
const { addUploadedTemplate } = await import("./add-uploaded-template");
const { deleteTemplate } = await import("./delete-template");
const { setTemplateEnabled } = await import("./set-template-enabled");
const { serveTemplateDownload } = await import("./serve-template-download");
const { signDownloadLink } = await import("./download-link");
const { getTemplateStoreDir } = await import("./template-store");
const { fetchTemplate } = await import("../tasks/handlers/fetch-template");
const { createTaskContext } = await import("../tasks/task-context");

const admin: UserActor = {
  kind: "user",
  userId: "a",
  email: "a@x.test",
  name: "A",
  role: "ADMIN",
  tenantId: null,
  locale: "en",
  isDisabled: false,
};
const customer: UserActor = { ...admin, userId: "c", email: "c@x.test", role: "CUSTOMER", tenantId: "t" };

let file: Buffer;
let sha256: string;

function body(data: Buffer): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      // Several chunks, as a network upload arrives.
      for (let i = 0; i < data.length; i += 64 * 1024) controller.enqueue(data.subarray(i, i + 64 * 1024));
      controller.close();
    },
  });
}

function storeFiles(): string[] {
  const dir = getTemplateStoreDir();
  const top = readdirSync(dir).filter((f) => f !== ".partial");
  return [...top, ...readdirSync(path.join(dir, ".partial")).map((f) => `.partial/${f}`)];
}

describe("template catalogue", () => {
  beforeAll(async () => {
    await db.user.create({
      data: { id: "a", email: "a@x.test", name: "A", role: "ADMIN", passwordHash: "-" },
    });
    const out = path.join(dataDir, "build");
    execFileSync("bash", [path.resolve("scripts/build-test-template"), out], { stdio: "ignore" });
    file = readFileSync(path.join(out, "busybox-1.35-x86_64-test.tar.gz"));
    sha256 = createHash("sha256").update(file).digest("hex");
  });
  afterAll(async () => {
    await db.$disconnect();
    testDb.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a wrong sha256 and keeps nothing", async () => {
    const err = await addUploadedTemplate({
      actor: admin,
      input: { name: "busybox-1.35-x86_64-bad", sha256: "0".repeat(64) },
      body: body(file),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VALIDATION", field: "sha256", reason: "sha256-mismatch" });
    expect((err as Error).message).toContain(`the file's SHA-256 is ${sha256}`);
    expect(await db.osTemplate.count()).toBe(0);
    expect(storeFiles()).toEqual([]);
  });

  it("refuses a customer and a bad name before reading the body", async () => {
    await expect(
      addUploadedTemplate({ actor: customer, input: { name: "debian-12-x86_64", sha256 }, body: body(file) }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      addUploadedTemplate({ actor: admin, input: { name: "Debian 12", sha256 }, body: body(file) }),
    ).rejects.toMatchObject({ code: "VALIDATION", field: "name" });
  });

  it("adds an upload with the right sha256, storing the checked file", async () => {
    const created = await addUploadedTemplate({
      actor: admin,
      input: { name: "busybox-1.35-x86_64-up", sha256: `${sha256.toUpperCase()}  busybox.tar.gz` },
      body: body(file),
    });
    expect(created).toMatchObject({
      name: "busybox-1.35-x86_64-up",
      sha256,
      sizeBytes: file.length,
      format: "tar.gz",
    });
    const row = await db.osTemplate.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ distro: "busybox", version: "1.35", arch: "x86_64", variant: "up" });
    expect(storeFiles()).toEqual([row.storedPath]);
    // The same name again is refused before the upload is read.
    await expect(
      addUploadedTemplate({
        actor: admin,
        input: { name: "busybox-1.35-x86_64-up", sha256 },
        body: body(file),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", field: "name" });
  });

  it("serves the stored file only through a valid signed link", async () => {
    const t = await db.osTemplate.findUniqueOrThrow({ where: { name: "busybox-1.35-x86_64-up" } });
    const secret = process.env.NEXTAUTH_SECRET as string;
    const link = signDownloadLink({ secret, templateId: t.id, nodeId: "node1" });
    const ok = await serveTemplateDownload({
      templateId: t.id,
      fileName: `${t.name}.tar.gz`,
      searchParams: new URLSearchParams(link),
    });
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(file)).toBe(true);
    for (const [fileName, params] of [
      [`${t.name}.tar.gz`, { ...link, node: "node2" }],
      [`${t.name}.tar.gz`, { ...link, sig: "x" }],
      ["other.tar.gz", link],
    ] as const) {
      const res = await serveTemplateDownload({
        templateId: t.id,
        fileName,
        searchParams: new URLSearchParams(params),
      });
      expect(res.status).toBe(404);
    }
  });

  it("refuses to delete a template while a container uses it, then deletes it and its file", async () => {
    const t = await db.osTemplate.findUniqueOrThrow({ where: { name: "busybox-1.35-x86_64-up" } });
    const node = await db.node.create({
      data: { name: "n1", agentUrl: "http://127.0.0.1:1", status: "ONLINE" },
    });
    const tenant = await db.tenant.create({ data: { name: "T" } });
    const container = await db.container.create({
      data: {
        nodeId: node.id,
        ctid: 101,
        tenantId: tenant.id,
        templateId: t.id,
        hostname: "web.example.com",
        ramMb: 256,
        diskspaceMb: 1024,
        diskspaceLimitMb: 1024,
      },
    });
    const err = await deleteTemplate({ actor: admin, templateId: t.id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT", reason: "template-in-use" });
    expect((err as Error).message).toBe(
      "Template busybox-1.35-x86_64-up is used by 1 container (CTID 101 web.example.com on n1). Reinstall or destroy them first, or disable the template so no new container uses it.",
    );
    expect(await db.osTemplate.count({ where: { id: t.id } })).toBe(1);

    await setTemplateEnabled({ actor: admin, templateId: t.id, isEnabled: false });
    expect((await db.osTemplate.findUniqueOrThrow({ where: { id: t.id } })).isEnabled).toBe(false);

    await db.container.delete({ where: { id: container.id } });
    await expect(deleteTemplate({ actor: admin, templateId: t.id })).resolves.toMatchObject({ name: t.name });
    expect(await db.osTemplate.count({ where: { id: t.id } })).toBe(0);
    expect(storeFiles()).toEqual([]);
    const audit = await db.auditEvent.findMany({ where: { targetId: t.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["template.create", "template.disable", "template.delete"]);
  });

  it("refuses an archive with a bad entry and keeps nothing", async () => {
    // A tar whose only member has an absolute name, made by GNU tar with -P.
    const work = mkdtempSync(path.join(tmpdir(), "berth-bad-"));
    const bad = path.join(work, "bad.tar.gz");
    execFileSync("tar", ["-P", "-czf", bad, "/etc/hostname"]);
    const data = readFileSync(bad);
    const err = await addUploadedTemplate({
      actor: admin,
      input: { name: "evil-1-x86_64", sha256: createHash("sha256").update(data).digest("hex") },
      body: body(data),
    }).catch((e: unknown) => e);
    rmSync(work, { recursive: true, force: true });
    expect(err).toMatchObject({ code: "VALIDATION", reason: "bad-entry" });
    expect((err as Error).message).toBe('The archive was refused: entry "/etc/hostname": absolute path.');
    expect(await db.osTemplate.count()).toBe(0);
    expect(storeFiles()).toEqual([]);
  });

  it("downloads a template by URL as a task, and refuses a wrong checksum or a missing file", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/t.tar.gz") res.end(file);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = async (input: Record<string, string>) => {
      const row = await db.task.create({
        data: {
          type: "template.fetch",
          input: JSON.stringify(input),
          commandId: `t-fetch-${Math.random().toString(36).slice(2)}`,
        },
        select: { id: true, type: true, commandId: true, containerId: true, nodeId: true, tenantId: true },
      });
      return fetchTemplate(createTaskContext({ ...row, input }));
    };
    try {
      await expect(
        run({ name: "busybox-1.35-x86_64-url", url: `${base}/t.tar.gz`, sha256: "f".repeat(64) }),
      ).rejects.toMatchObject({ code: "VALIDATION", reason: "sha256-mismatch" });
      await expect(
        run({ name: "busybox-1.35-x86_64-gone", url: `${base}/missing.tar.gz`, sha256 }),
      ).rejects.toThrow(/the server answered HTTP 404/);
      expect(await db.osTemplate.count()).toBe(0);
      expect(storeFiles()).toEqual([]);
      const done = await run({ name: "busybox-1.35-x86_64-url", url: `${base}/t.tar.gz`, sha256 });
      expect(done).toMatchObject({ name: "busybox-1.35-x86_64-url", sha256, sizeBytes: file.length });
      const row = await db.osTemplate.findUniqueOrThrow({ where: { name: "busybox-1.35-x86_64-url" } });
      expect(row.sourceUrl).toBe(`${base}/t.tar.gz`);
      expect(storeFiles()).toEqual([row.storedPath]);
    } finally {
      server.close();
    }
  });
});
