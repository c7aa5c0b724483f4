import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { BIN, cleanupTestEnv, makeTestEnv, type TestEnv } from "../agent/test/helpers";
import { formatBytes } from "../lib/format";
import { ADMIN_STATE, uniqueName } from "./helpers";
import { expect, test } from "./support/test";

test.use({ storageState: ADMIN_STATE });

/**
 * The busybox test template, built now (about a second) and renamed to an OpenVZ-style name no other test
 * or earlier run on this database uses.
 */
function buildTemplate() {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-e2e-template-"));
  execFileSync("bash", ["scripts/build-test-template", dir], { stdio: "ignore" });
  const name = `busybox-1.35-x86_64-e2e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const file = path.join(dir, `${name}.tar.gz`);
  renameSync(path.join(dir, "busybox-1.35-x86_64-test.tar.gz"), file);
  const data = readFileSync(file);
  return {
    name,
    file,
    size: data.length,
    sha256: createHash("sha256").update(data).digest("hex"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

test("uploads a template, refuses a wrong sha256, lists it with its size, and deletes it", async ({
  page,
}, testInfo) => {
  const tpl = buildTemplate();
  try {
    await page.goto("/admin/templates");
    const form = page.getByRole("form", { name: "Upload a template" });
    await form.getByLabel("Template file").setInputFiles(tpl.file);
    // The name comes from the file name.
    await expect(form.getByLabel("Template name")).toHaveValue(tpl.name);

    // A wrong checksum: refused, said clearly next to the field, nothing added.
    const wrong = "0".repeat(64);
    await form.getByLabel("SHA-256").fill(wrong);
    await form.getByRole("button", { name: "Upload template" }).click();
    const sha = form.getByLabel("SHA-256");
    await expect(sha).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByRole("alert")).toContainText(
      `Checksum mismatch: the file's SHA-256 is ${tpl.sha256}, not ${wrong}`,
    );
    await testInfo.attach("wrong sha256", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
    await page.reload();
    await expect(page.getByRole("link", { name: tpl.name })).toHaveCount(0);

    // The right one: added, listed with its size.
    const again = page.getByRole("form", { name: "Upload a template" });
    await again.getByLabel("Template file").setInputFiles(tpl.file);
    await again.getByLabel("SHA-256").fill(tpl.sha256);
    await again.getByRole("button", { name: "Upload template" }).click();
    await expect(again.getByRole("status")).toContainText(`Template ${tpl.name} added.`);
    const row = page
      .getByRole("table", { name: "OS templates" })
      .getByRole("row")
      .filter({ hasText: tpl.name });
    await expect(row).toContainText(formatBytes(tpl.size));
    await expect(row).toContainText(tpl.sha256.slice(0, 16));
    await expect(row).toContainText("busybox 1.35 · x86_64");
    await testInfo.attach("listed", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    // Its own page at a stable address, with the full checksum; disable, then delete it.
    await row.getByRole("link", { name: tpl.name }).click();
    await expect(page).toHaveURL(/\/admin\/templates\/[^/]+$/);
    await expect(page.getByRole("heading", { name: tpl.name, level: 1 })).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: tpl.sha256 })).toBeVisible();
    await expect(page.getByText("No container uses this template.")).toBeVisible();
    await page.getByRole("button", { name: "Disable template" }).click();
    await expect(page.getByRole("button", { name: "Enable template" })).toBeVisible();
    await testInfo.attach("template page", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
    await page.getByRole("button", { name: "Delete template" }).click();
    await page.getByRole("button", { name: `Yes, delete ${tpl.name}` }).click();
    await expect(page).toHaveURL(/\/admin\/templates$/);
    await expect(page.getByRole("link", { name: tpl.name })).toHaveCount(0);
  } finally {
    tpl.cleanup();
  }
});

test("says how to write a template name and refuses a file that is not a template", async ({ page }) => {
  const tpl = buildTemplate();
  try {
    await page.goto("/admin/templates");
    const form = page.getByRole("form", { name: "Upload a template" });
    await form.getByLabel("Template file").setInputFiles(tpl.file);
    await form.getByLabel("Template name").fill("My Debian");
    await form.getByLabel("SHA-256").fill(tpl.sha256);
    await form.getByRole("button", { name: "Upload template" }).click();
    await expect(form.getByLabel("Template name")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByRole("alert")).toContainText("Use an OpenVZ-style name");

    const junk = Buffer.from("definitely not a tarball\n");
    await form
      .getByLabel("Template file")
      .setInputFiles({ name: "junk.tar.gz", mimeType: "application/gzip", buffer: junk });
    await form.getByLabel("Template name").fill(`${tpl.name}-junk`);
    await form.getByLabel("SHA-256").fill(createHash("sha256").update(junk).digest("hex"));
    await form.getByRole("button", { name: "Upload template" }).click();
    await expect(form.getByRole("alert")).toContainText("The file is not a template");
  } finally {
    tpl.cleanup();
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

test.describe("on a real node", () => {
  // A berth-agent of its own (data dir, lxcpath, port; routed mode, so no bridge is shared with other
  // tests), its template cache emptied: the panel has to ship the template.
  let env: TestEnv | undefined;
  let agent: ChildProcess | undefined;
  test.afterAll(async () => {
    if (agent && agent.exitCode === null) agent.kill("SIGKILL");
    await cleanupTestEnv(env);
  });

  test("copies a template to a node on demand; the node downloads it through a signed link", async ({
    page,
  }, testInfo) => {
    test.setTimeout(3 * 60_000);
    env = await makeTestEnv({ bridged: false });
    const cache = path.join(env.dir, "template", "cache");
    for (const f of readdirSync(cache)) rmSync(path.join(cache, f), { force: true });
    const port = await freePort();
    const nodeName = uniqueName("tnode").toLowerCase();

    await page.goto("/admin/nodes");
    const add = page.getByRole("form", { name: "Add node" });
    await add.getByLabel("Name").fill(nodeName);
    await add.getByRole("button", { name: "Create join command" }).click();
    const command = (await page.getByTestId("join-command").textContent()) ?? "";
    const [, , panelUrl, token] = command.trim().split(/\s+/);
    execFileSync(
      "node",
      [BIN, "join", panelUrl ?? "", token ?? "", "--agent-url", `http://127.0.0.1:${port}`],
      {
        env: env.env,
      },
    );
    agent = spawn("node", [BIN, "serve", "--listen", `127.0.0.1:${port}`, "--insecure-http"], {
      env: env.env,
      stdio: "ignore",
    });

    const tpl = buildTemplate();
    try {
      await page.goto("/admin/templates");
      const form = page.getByRole("form", { name: "Upload a template" });
      await form.getByLabel("Template file").setInputFiles(tpl.file);
      await form.getByLabel("SHA-256").fill(tpl.sha256);
      await form.getByRole("button", { name: "Upload template" }).click();
      await expect(form.getByRole("status")).toContainText(`Template ${tpl.name} added.`);
      await form.getByRole("link", { name: `Open template ${tpl.name}` }).click();
      await expect(page.getByRole("heading", { name: tpl.name, level: 1 })).toBeVisible();

      // The node is missing it until the agent has joined and the copy is done.
      const nodes = page.getByRole("list", { name: "Nodes" });
      const copy = nodes.getByRole("button", { name: `Copy to ${nodeName}` });
      await expect(async () => {
        await page.reload();
        await expect(copy).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 30_000 });
      await copy.click();
      await nodes
        .getByRole("link", { name: /Copy to .* queued\.|copying: follow the task/ })
        .first()
        .click();
      await expect(page).toHaveURL(/\/admin\/tasks\/[^/]+$/);
      await expect(page.getByTestId("task-progress")).toHaveText(/^100%/, { timeout: 60_000 });
      await expect(
        page.getByText(`Template ${tpl.name} is now on ${nodeName}; the node verified its sha256.`),
      ).toBeVisible();
      await testInfo.attach("transfer task", {
        body: await page.screenshot({ fullPage: true }),
        contentType: "image/png",
      });

      // The node's cache holds exactly the checked file, with its checksum.
      expect(readFileSync(path.join(cache, `${tpl.name}.tar.gz.sha256`), "utf8")).toContain(tpl.sha256);
      await page.goBack();
      await page.reload();
      const row = page
        .getByRole("list", { name: "Nodes" })
        .getByRole("listitem")
        .filter({ hasText: nodeName });
      await expect(row).toContainText("present");

      // Without a valid signature the panel serves nothing.
      const id = new URL(page.url()).pathname.split("/").pop() ?? "";
      const bare = await page.request.get(`/api/templates/${id}/download/${tpl.name}.tar.gz`);
      expect(bare.status()).toBe(404);
      const forged = await page.request.get(
        `/api/templates/${id}/download/${tpl.name}.tar.gz?node=x&expires=${Math.floor(Date.now() / 1000) + 60}&sig=AAAA`,
      );
      expect(forged.status()).toBe(404);
    } finally {
      tpl.cleanup();
    }
  });
});
