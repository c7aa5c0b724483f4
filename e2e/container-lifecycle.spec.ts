import { ADMIN_STATE, createTenantViaUi, createUserViaUi, uniqueName } from "./helpers";
import { AgentHost } from "./support/agent-host";
import { expect, type Page, test } from "./support/test";
import { uploadTestTemplate } from "./support/ui-setup";

// Uploaded under a name of its own: other specs may already have imported the test template's usual name.
const TEMPLATE = `busybox-1.35-x86_64-life${Math.random().toString(36).slice(2, 8)}`;

test.use({ storageState: ADMIN_STATE });
test.describe.configure({ mode: "serial" });

// One real node for this file: a berth-agent with its own data dir and bridge, joined through the UI.
const host = new AgentHost({ subnet: 211 });
test.beforeAll(async () => {
  await host.prepare({ withTemplate: false });
});
test.afterAll(async () => {
  await host.stop();
});

async function shot(
  page: Page,
  testInfo: { attach: (n: string, o: { body: Buffer; contentType: string }) => Promise<void> },
  name: string,
) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

/**
 * Waits until the container page lists `count` tasks of `type` and the newest has ended as `status`
 * (counting first, so an older task of the same type is never mistaken for the one just queued).
 */
async function waitForTask(
  page: Page,
  type: string,
  status: "SUCCEEDED" | "FAILED",
  count = 1,
  timeout = 90_000,
) {
  const tasks = page.locator(`[data-testid="task"][data-task-type="${type}"]`);
  await expect(tasks).toHaveCount(count, { timeout });
  await expect(tasks.first()).toHaveAttribute("data-task-status", status, { timeout });
}

function beancounter(page: Page, resource: string) {
  return page.getByRole("table", { name: "Beancounters" }).locator(`tr[data-resource="${resource}"]`);
}

test("an admin runs a container's whole life from the browser on a real node", async ({ page }, testInfo) => {
  test.setTimeout(8 * 60_000);
  const nodeName = uniqueName("node").toLowerCase();
  const planName = uniqueName("e2e").toLowerCase();
  const poolName = uniqueName("pool");
  const tenant = uniqueName("Tenant");
  const hostname = `${uniqueName("web").toLowerCase()}.example.com`;

  await test.step("enrol the node with the join command the panel shows", async () => {
    await page.goto("/admin/nodes");
    const form = page.getByRole("form", { name: "Add node" });
    await form.getByLabel("Name").fill(nodeName);
    await form.getByRole("button", { name: "Create join command" }).click();
    const command = (await page.getByTestId("join-command").textContent()) ?? "";
    expect(command).toMatch(/^berth-agent join http:\/\/localhost:\d+ bjt_/);
    await host.join(command);
    await host.serve();
    await page.getByRole("link", { name: "Waiting for the host to join." }).click();
    await expect(page.getByRole("heading", { name: nodeName, level: 1 })).toBeVisible();
    await expect(page.locator("main").getByText("online", { exact: true }).first()).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByRole("region", { name: "Overview" })).toContainText("5.0");
    await shot(page, testInfo, "1-node-online");
  });

  await test.step("add the test template by upload (the node does not have it: create ships it)", async () => {
    await uploadTestTemplate(page, TEMPLATE);
    await shot(page, testInfo, "2-template");
  });

  await test.step("create a plan and an IP pool on the node's bridge", async () => {
    await page.goto("/admin/plans");
    const plan = page.getByRole("form", { name: "New plan" });
    await plan.getByLabel("Name", { exact: true }).fill(planName);
    await plan.getByLabel("RAM", { exact: true }).fill("256M");
    await plan.getByLabel("Swap", { exact: true }).fill("128M");
    await plan.getByLabel("Disk space (barrier)").fill("1G");
    await plan.getByLabel("Processes (numproc)").fill("64");
    await plan.getByRole("button", { name: "Create plan" }).click();
    await expect(plan.getByRole("status")).toContainText(`Plan ${planName} created.`);

    await page.goto("/admin/ip-pools");
    const pool = page.getByRole("form", { name: "New IP pool" });
    await pool.getByLabel("Name", { exact: true }).fill(poolName);
    await pool.getByLabel("CIDR").fill("10.231.211.0/24");
    await pool.getByLabel("Gateway").fill("10.231.211.1");
    await pool.getByLabel(nodeName).check();
    await pool.getByRole("button", { name: "Create pool" }).click();
    await expect(pool.getByRole("status")).toContainText(`IP pool ${poolName} created.`);
    await shot(page, testInfo, "3-plan-and-pool");
  });

  await test.step("create a tenant and its customer", async () => {
    await createTenantViaUi(page, tenant);
    await createUserViaUi(page, {
      email: `${uniqueName("owner")}@example.test`,
      name: "Owner",
      role: "Customer",
      tenant,
    });
  });

  await test.step("create the container and follow its progress to running", async () => {
    await page.goto("/admin/containers/new");
    const form = page.getByRole("form", { name: "New container" });
    await form.getByLabel("Tenant").selectOption({ label: tenant });
    await form.getByLabel("Node").selectOption({ label: `${nodeName} (online)` });
    await form.getByLabel("OS template").selectOption({ label: TEMPLATE });
    await form.getByLabel("Plan").selectOption({ label: planName });
    await form.getByLabel("Host name").fill(hostname);
    await form.getByRole("button", { name: "Create container" }).click();
    await expect(page.getByRole("status")).toContainText(`on ${nodeName}`);
    await expect(page.getByTestId("root-password")).toHaveText(/^\S{20}$/);
    await page.getByRole("link", { name: "Open the container" }).click();
    await expect(page.getByRole("heading", { name: hostname, level: 1 })).toBeVisible();
    await expect(page.getByTestId("container-status")).toHaveText("running", { timeout: 120_000 });
    await waitForTask(page, "container.create", "SUCCEEDED");
    await page.locator('[data-task-type="container.create"]').getByRole("link").click();
    await expect(page.getByTestId("task-progress")).toHaveText(/^100%/);
    await expect(page.getByRole("list", { name: "Task log" })).toContainText("Done.");
    await page.goBack();
    expect((await host.vzlist()).map((c) => c.status)).toEqual(["running"]);
    await shot(page, testInfo, "4-running");
  });

  await test.step("change RAM live and see the new limit in the beancounters", async () => {
    const limits = page.getByRole("form", { name: "Limits" });
    await limits.getByLabel("RAM", { exact: true }).fill("384M");
    await limits.getByRole("button", { name: "Apply now (running only)" }).click();
    await waitForTask(page, "container.set-limits", "SUCCEEDED");
    // 384 MiB in 4 KiB pages; not saved, so the panel's saved limits still say 256 MiB.
    await expect(beancounter(page, "physpages").locator("td").nth(3)).toHaveText("98304", {
      timeout: 15_000,
    });
    await expect(page.getByRole("region", { name: "Limits" }).getByRole("definition").first()).toContainText(
      "256 MiB",
    );
    await shot(page, testInfo, "5-ram-live");
  });

  await test.step("lower numproc under what runs: a fork is refused and failcnt rises", async () => {
    const limits = page.getByRole("form", { name: "Limits" });
    await limits.getByLabel("Processes (numproc)").fill("1");
    await limits.getByRole("button", { name: "Apply now (running only)" }).click();
    await waitForTask(page, "container.set-limits", "SUCCEEDED", 2);
    // Setting a password runs chpasswd inside: a new process the limit refuses.
    await page
      .getByRole("form", { name: "Reset root password" })
      .getByRole("button", { name: "Reset root password" })
      .click();
    await waitForTask(page, "container.set-password", "FAILED");
    await expect(beancounter(page, "numproc").locator("td").nth(4)).not.toHaveText("0", { timeout: 15_000 });
    await expect(beancounter(page, "numproc")).toHaveClass(/bg-rose/);
    await shot(page, testInfo, "6-failcnt");
  });

  await test.step("reinstall keeps CTID, host name and address", async () => {
    const before = await page.getByRole("region", { name: "Overview" }).textContent();
    const form = page.getByRole("form", { name: "Reinstall" });
    await form.getByLabel("Type the host name to confirm").fill(hostname);
    await form.getByRole("button", { name: "Reinstall" }).click();
    await waitForTask(page, "container.reinstall", "SUCCEEDED", 1, 120_000);
    await expect(page.getByTestId("container-status")).toHaveText("running");
    const after = await page.getByRole("region", { name: "Overview" }).textContent();
    for (const kept of ["10.231.211.2", "CTID"]) expect(after).toContain(kept);
    expect(before?.match(/CTID(\d+)/)?.[1]).toBe(after?.match(/CTID(\d+)/)?.[1]);
    await shot(page, testInfo, "7-reinstalled");
  });

  await test.step("add a second address, then take it away again", async () => {
    const add = page.getByRole("form", { name: "Add address" });
    await add.getByRole("button", { name: "Add address" }).click();
    await waitForTask(page, "container.set-ip", "SUCCEEDED");
    const list = page.getByRole("list", { name: "IP addresses" });
    await expect(list).toContainText("10.231.211.3");
    await list.getByRole("button", { name: "Remove 10.231.211.3" }).click();
    await waitForTask(page, "container.set-ip", "SUCCEEDED", 2);
    await expect(list).not.toContainText("10.231.211.3");
  });

  await test.step("stop, destroy, and the address returns to the pool", async () => {
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect(page.getByTestId("container-status")).toHaveText("stopped", { timeout: 60_000 });
    await page.getByLabel("Type the host name to confirm").first().fill(hostname);
    await page.getByRole("button", { name: "Destroy container" }).click();
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible({ timeout: 60_000 });
    expect(await host.vzlist()).toEqual([]);
    await page.goto("/admin/ip-pools");
    await page.getByRole("link", { name: poolName }).click();
    await expect(page.getByRole("region", { name: "Usage" }).getByRole("status")).toHaveText(/^0 used/);
    await shot(page, testInfo, "8-destroyed");
  });
});
