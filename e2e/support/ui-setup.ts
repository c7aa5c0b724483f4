import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { uniqueName } from "../helpers";
import type { AgentHost } from "./agent-host";
import { expect, type Locator, type Page } from "./test";

// Steps several specs need, done the way an admin does them: through the panel's pages.

/** Adds a node, runs the join command it shows on the agent host, serves it, and waits until it is online. */
export async function enrolNode(page: Page, host: AgentHost, nodeName: string): Promise<void> {
  await page.goto("/admin/nodes");
  const form = page.getByRole("form", { name: "Add node" });
  await form.getByLabel("Name").fill(nodeName);
  await form.getByRole("button", { name: "Create join command" }).click();
  await host.join((await page.getByTestId("join-command").textContent()) ?? "");
  await host.serve();
  await page.getByRole("link", { name: "Waiting for the host to join." }).click();
  await expect(page.locator("main").getByText("online", { exact: true }).first()).toBeVisible({
    timeout: 30_000,
  });
}

/**
 * Opens `path` and picks the node in `select`, reloading while the node is not online there yet: a node
 * is online from the poller's next round after it joins, and a busy CI host can miss one round.
 */
async function chooseOnlineNode(page: Page, path: string, select: Locator, label: string): Promise<void> {
  await expect(async () => {
    await page.goto(path);
    await select.selectOption({ label }, { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
}

const execFileP = promisify(execFile);

/** A name for a spec's own copy of the test template (specs share one database; another spec may have
 *  imported the usual name from a node whose copy has another checksum). The panel ships it on create. */
export function uniqueTemplateName(tag: string): string {
  return `busybox-1.35-x86_64-${tag}${Math.random().toString(36).slice(2, 8)}`;
}

/** Builds the busybox test template and uploads it under `name` through Templates → Upload. */
export async function uploadTestTemplate(page: Page, name: string): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-e2e-template-"));
  try {
    const { stdout } = await execFileP("bash", ["scripts/build-test-template", dir]);
    const sha = /sha256 ([0-9a-f]{64})/.exec(stdout)?.[1] ?? "";
    const file = path.join(dir, (await readdir(dir)).find((f) => f.endsWith(".tar.gz")) ?? "");
    await page.goto("/admin/templates");
    const form = page.getByRole("form", { name: "Upload a template" });
    await form.getByLabel("Template file").setInputFiles(file);
    await form.getByLabel("Template name").fill(name);
    await form.getByLabel("SHA-256").fill(sha);
    await form.getByRole("button", { name: "Upload template" }).click();
    await expect(form.getByRole("status")).toContainText(`Template ${name} added.`, { timeout: 30_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Imports the templates the node already has (the test template) into the catalogue. */
export async function importTemplatesFrom(page: Page, nodeName: string): Promise<void> {
  const form = page.getByRole("form", { name: "Import from a node" });
  await chooseOnlineNode(page, "/admin/templates", form.getByRole("combobox"), nodeName);
  await form.getByRole("button", { name: "Import templates" }).click();
  await expect(form.getByRole("status")).toBeVisible();
}

/** A plan and an IP pool on the agent host's bridge subnet, served by the node (or by each of the nodes). */
export async function createPlanAndPool(
  page: Page,
  host: AgentHost,
  nodeNames: string | string[],
): Promise<{ plan: string; pool: string }> {
  const plan = uniqueName("plan").toLowerCase();
  const pool = uniqueName("pool");
  await page.goto("/admin/plans");
  const planForm = page.getByRole("form", { name: "New plan" });
  await planForm.getByLabel("Name", { exact: true }).fill(plan);
  await planForm.getByLabel("RAM", { exact: true }).fill("256M");
  await planForm.getByLabel("Disk space (barrier)").fill("1G");
  await planForm.getByRole("button", { name: "Create plan" }).click();
  await expect(planForm.getByRole("status")).toContainText(`Plan ${plan} created.`);
  const [gateway, prefix] = host.bridgeCidr.split("/");
  await page.goto("/admin/ip-pools");
  const poolForm = page.getByRole("form", { name: "New IP pool" });
  await poolForm.getByLabel("Name", { exact: true }).fill(pool);
  await poolForm.getByLabel("CIDR").fill(`${gateway?.split(".").slice(0, 3).join(".")}.0/${prefix}`);
  await poolForm.getByLabel("Gateway").fill(gateway ?? "");
  for (const nodeName of [nodeNames].flat()) await poolForm.getByLabel(nodeName, { exact: true }).check();
  await poolForm.getByRole("button", { name: "Create pool" }).click();
  await expect(poolForm.getByRole("status")).toContainText(`IP pool ${pool} created.`);
  return { plan, pool };
}

/** Creates a container through the wizard and waits until it runs; returns its page's path. */
export async function createRunningContainer(
  page: Page,
  options: { tenant: string; nodeName: string; template: string; plan: string; hostname: string },
): Promise<string> {
  const form = page.getByRole("form", { name: "New container" });
  await chooseOnlineNode(
    page,
    "/admin/containers/new",
    form.getByLabel("Node"),
    `${options.nodeName} (online)`,
  );
  await form.getByLabel("Tenant").selectOption({ label: options.tenant });
  await form.getByLabel("OS template").selectOption({ label: options.template });
  await form.getByLabel("Plan").selectOption({ label: options.plan });
  await form.getByLabel("Host name").fill(options.hostname);
  await form.getByRole("button", { name: "Create container" }).click();
  await page.getByRole("link", { name: "Open the container" }).click();
  await expect(page.getByTestId("container-status")).toHaveText("running", { timeout: 120_000 });
  return new URL(page.url()).pathname;
}
