import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { ADMIN_STATE, createTenantViaUi, uniqueName } from "./helpers";
import { AgentHost } from "./support/agent-host";
import {
  createPlanAndPool,
  createRunningContainer,
  enrolNode,
  uniqueTemplateName,
  uploadTestTemplate,
} from "./support/ui-setup";

// An admin backs a container up from its page on a real node, sees its size and status, downloads the
// archive from /admin/backups and restores it behind the typed host name.

const execFileP = promisify(execFile);
const TEMPLATE = uniqueTemplateName("bk");

test.use({ storageState: ADMIN_STATE });
test.describe.configure({ mode: "serial" });

const host = new AgentHost({ subnet: 216 });
const state = { containerPath: "", hostname: "" };

test.beforeAll(async ({ browser }) => {
  test.setTimeout(6 * 60_000);
  await host.prepare({ withTemplate: false });
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  const nodeName = uniqueName("bknode").toLowerCase();
  await enrolNode(page, host, nodeName);
  await uploadTestTemplate(page, TEMPLATE);
  const { plan } = await createPlanAndPool(page, host, nodeName);
  const tenant = uniqueName("Backups");
  await createTenantViaUi(page, tenant);
  state.hostname = `${uniqueName("bk").toLowerCase()}.example.com`;
  state.containerPath = await createRunningContainer(page, {
    tenant,
    nodeName,
    template: TEMPLATE,
    plan,
    hostname: state.hostname,
  });
  await page.close();
});

test.afterAll(async () => {
  await host.stop();
});

test("an admin backs up a container from its page, downloads the archive and restores it", async ({
  page,
}) => {
  test.setTimeout(4 * 60_000);
  await page.goto(state.containerPath);
  const backups = page.getByRole("region", { name: "Backups" });

  await test.step("back up in suspend mode; the row shows size, duration and status", async () => {
    const form = backups.getByRole("form", { name: "Back up now" });
    await form.getByLabel("Mode").selectOption("suspend");
    await form.getByRole("button", { name: "Back up now" }).click();
    await expect(backups.getByRole("status")).toHaveText("Backup queued.");
    const row = backups.getByTestId("backup-row").first();
    await expect(row).toContainText("done", { timeout: 90_000 });
    await expect(row).toContainText("suspend");
    await expect(row.getByRole("cell").nth(3)).toHaveText(/\d+(\.\d+)? (KiB|MiB)/);
    await expect(row.getByRole("cell").nth(4)).toHaveText(/\d+(\.\d)? (ms|s)/);
  });

  await test.step("the backup is listed on /admin/backups and downloads as a zstd archive", async () => {
    await page.goto("/admin/backups");
    const table = page.getByRole("table", { name: "All backups" });
    const row = table.getByRole("row").filter({ hasText: state.hostname });
    await expect(row).toHaveCount(1);
    const downloading = page.waitForEvent("download");
    await row.getByRole("link", { name: "Download" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^vzdump-\d+-.*\.tar\.zst$/);
    const file = await download.path();
    expect((await stat(file)).size).toBeGreaterThan(100_000);
    const { stdout } = await execFileP("bash", [
      "-c",
      `zstd -dc '${file}' | tar -t | grep -c '^./bin/busybox$'`,
    ]);
    expect(stdout.trim()).toBe("1");
  });

  await test.step("restore asks for the host name, then runs as a task", async () => {
    await page.goto(state.containerPath);
    const row = backups.getByTestId("backup-row").first();
    await row.getByRole("button", { name: "Restore" }).click();
    const form = row.getByRole("form", { name: "Restore" });
    const submit = form.getByRole("button", { name: "Restore" });
    await expect(submit).toBeDisabled();
    await form.getByLabel("Host name").fill(state.hostname);
    await submit.click();
    await expect(backups.getByRole("status")).toHaveText("Restore queued.");
    const task = page.locator('[data-testid="task"][data-task-type="backup.restore"]');
    await expect(task.first()).toHaveAttribute("data-task-status", "SUCCEEDED", { timeout: 90_000 });
    await expect(page.getByTestId("container-status")).toHaveText("running");
  });
});
