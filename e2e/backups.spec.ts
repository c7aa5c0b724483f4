import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { promisify } from "node:util";
import { startTestS3Store } from "../lib/testing/s3-store";
import { ADMIN_STATE, createTenantViaUi, uniqueName } from "./helpers";
import { AgentHost } from "./support/agent-host";
import { expect, test } from "./support/test";
import {
  createPlanAndPool,
  createRunningContainer,
  enrolNode,
  uniqueTemplateName,
  uploadTestTemplate,
} from "./support/ui-setup";

// An admin backs a container up from its page on a real node, sees its size and status, downloads the
// archive from /admin/backups, restores it behind the typed host name, and restores it as a new container.

const execFileP = promisify(execFile);
const TEMPLATE = uniqueTemplateName("bk");

test.use({ storageState: ADMIN_STATE });
test.describe.configure({ mode: "serial" });

const host = new AgentHost({ subnet: 216 });
const state = { containerPath: "", hostname: "", nodeName: "", tenant: "" };

test.beforeAll(async ({ browser }) => {
  test.setTimeout(6 * 60_000);
  await host.prepare({ withTemplate: false });
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  const nodeName = uniqueName("bknode").toLowerCase();
  state.nodeName = nodeName;
  await enrolNode(page, host, nodeName);
  await uploadTestTemplate(page, TEMPLATE);
  const { plan } = await createPlanAndPool(page, host, nodeName);
  const tenant = uniqueName("Backups");
  state.tenant = tenant;
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

test("an admin backs up a container from its page, downloads the archive, restores it, and restores it as a new container", async ({
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
    await row.getByRole("button", { name: "Restore", exact: true }).click();
    const form = row.getByRole("form", { name: "Restore", exact: true });
    const submit = form.getByRole("button", { name: "Restore", exact: true });
    await expect(submit).toBeDisabled();
    await form.getByLabel("Host name").fill(state.hostname);
    await submit.click();
    await expect(backups.getByRole("status")).toHaveText("Restore queued.");
    const task = page.locator('[data-testid="task"][data-task-type="backup.restore"]');
    await expect(task.first()).toHaveAttribute("data-task-status", "SUCCEEDED", { timeout: 90_000 });
    await expect(page.getByTestId("container-status")).toHaveText("running");
  });

  await test.step("restore as a new container from /admin/backups: a new CTID, and it runs", async () => {
    await page.goto("/admin/backups");
    const row = page
      .getByRole("table", { name: "All backups" })
      .getByRole("row")
      .filter({ hasText: state.hostname });
    await row.getByRole("button", { name: "Restore as new container" }).click();
    const form = row.getByRole("form", { name: "Restore as new container" });
    await form.getByLabel("Node").selectOption({ label: state.nodeName });
    const placeholder = await form.getByLabel("CTID (empty: next free)").getAttribute("placeholder");
    expect(placeholder).toMatch(/^\d+$/);
    const hostname = form.getByLabel("Host name of the new container");
    await expect(hostname).toHaveValue(state.hostname);
    // The backup's container still has its host name in the tenant: the copy gets another.
    const copy = state.hostname.replace(/^([^.]+)/, "$1-copy");
    await hostname.fill(copy);
    await form.getByRole("button", { name: "Restore as new container" }).click();
    await expect(form.getByRole("status")).toHaveText(
      new RegExp(`^Restore as a new container queued \\(CTID ${placeholder} on `),
    );
    await form.getByRole("link", { name: "Open the new container" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(copy);
    await expect(page.getByText(`CTID ${placeholder} · ${state.nodeName}`)).toBeVisible();
    const task = page.locator('[data-testid="task"][data-task-type="backup.restore"]');
    await expect(task.first()).toHaveAttribute("data-task-status", "SUCCEEDED", { timeout: 120_000 });
    await expect(page.getByTestId("container-status")).toHaveText("running");
  });
});

test("an admin sets a tenant's daily backup schedule and its backup quota on the tenant's page", async ({
  page,
}) => {
  await page.goto("/admin/tenants");
  await page.getByRole("link", { name: state.tenant, exact: true }).click();
  const schedule = page.getByRole("form", { name: "Backup schedule" });
  await expect(schedule.getByTestId("tenant-schedule-last-run")).toHaveText("Not run yet.");
  await schedule.getByLabel("Back up every day").check();
  await schedule.getByLabel("Mode").selectOption("suspend");
  await schedule.getByLabel("Hour (UTC)").fill("5");
  await schedule.getByLabel("Keep daily").fill("3");
  await schedule.getByRole("button", { name: "Save" }).click();
  await expect(schedule.getByRole("status")).toHaveText("Schedule saved.");
  const quota = page.getByRole("form", { name: "Tenant backup quota" });
  await quota.getByLabel("Max backups (empty: no limit)").fill("7");
  await quota.getByRole("button", { name: "Save" }).click();
  await expect(quota.getByRole("status")).toHaveText("Quota saved.");

  await page.reload();
  await expect(schedule.getByLabel("Back up every day")).toBeChecked();
  await expect(schedule.getByLabel("Mode")).toHaveValue("suspend");
  await expect(schedule.getByLabel("Hour (UTC)")).toHaveValue("5");
  await expect(schedule.getByLabel("Keep daily")).toHaveValue("3");
  await expect(quota.getByLabel("Max backups (empty: no limit)")).toHaveValue("7");

  await test.step("the tenant's container follows that schedule until it is given its own", async () => {
    await page.goto(state.containerPath);
    const own = page.getByRole("region", { name: "Backups" }).getByRole("form", { name: "Daily schedule" });
    await expect(own).toContainText("This container follows its tenant's schedule until it has its own.");
    await expect(own.getByLabel("Back up every day")).toBeChecked();
    await expect(own.getByLabel("Mode")).toHaveValue("suspend");
    await expect(own.getByLabel("Hour (UTC)")).toHaveValue("5");
    await own.getByLabel("Mode").selectOption("snapshot");
    await own.getByLabel("Keep weekly").fill("2");
    await own.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("region", { name: "Backups" }).getByRole("status")).toHaveText(
      "Schedule saved.",
    );
    await page.reload();
    await expect(own).not.toContainText("follows its tenant's schedule");
    await expect(own.getByLabel("Mode")).toHaveValue("snapshot");
    await expect(own.getByLabel("Keep weekly")).toHaveValue("2");
    await expect(own.getByLabel("Hour (UTC)")).toHaveValue("5");
  });
});

test("an admin sets up a remote store, tests it, and each new backup is copied there", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  const store = await startTestS3Store();
  try {
    await page.goto("/admin/backups");
    const form = page.getByRole("form", { name: "Remote store" });
    await test.step("the store's settings are saved and tested; the secret key is never shown again", async () => {
      await form.getByLabel("Endpoint").fill(store.endpoint);
      await form.getByLabel("Region").fill(store.region);
      await form.getByLabel("Bucket").fill(store.bucket);
      await form.getByLabel("Key prefix").fill("e2e/");
      await form.getByLabel("Access key id").fill(store.accessKeyId);
      await form.getByLabel("Secret key").fill(store.secretAccessKey);
      await form.getByRole("button", { name: "Save" }).click();
      await expect(form.getByRole("status")).toHaveText("Remote store saved.");
      await page.reload();
      await expect(form.getByLabel("Secret key")).toHaveValue("");
      await expect(form.getByText("Saved; leave empty to keep it.")).toBeVisible();
      await expect(form.getByLabel("Bucket")).toHaveValue(store.bucket);
      await form.getByRole("button", { name: "Test the store" }).click();
      await expect(form.getByRole("status")).toHaveText(
        `The store wrote, read back and deleted a test object in ${store.bucket}.`,
      );
    });

    // The daily schedule set above may run backups of this tenant meanwhile; those made from now on are copied
    // too. So each step follows its own backup by id (the download link names it), and the page's "copied"
    // cells must match the store's objects.
    const table = page.getByRole("table", { name: "All backups" });
    const rowOf = (backupId: string) =>
      table.getByRole("row").filter({ has: page.locator(`a[href="/api/backups/${backupId}/download"]`) });
    const idOf = async (row: import("@playwright/test").Locator) =>
      /\/api\/backups\/([^/]+)\/download/.exec(
        (await row.getByRole("link", { name: "Download" }).getAttribute("href")) ?? "",
      )?.[1] ?? "";
    const copiedOnPageMatchesStore = async () => {
      await expect(async () => {
        await page.reload();
        await expect(table.getByRole("cell", { name: "copied", exact: true })).toHaveCount(
          store.objects().size,
        );
      }).toPass({ timeout: 60_000 });
    };

    await test.step("a backup made before the store was set up is copied there from the Backups page", async () => {
      const older = table
        .getByRole("row")
        .filter({ hasText: state.hostname })
        .filter({ has: page.getByRole("button", { name: "Copy to the remote store" }) })
        .first();
      const id = await idOf(older);
      expect(id).not.toBe("");
      await rowOf(id).getByRole("button", { name: "Copy to the remote store" }).click();
      // While the task runs the row says so (no second Copy button), and the page follows it to the end by itself.
      const remoteCell = rowOf(id).getByRole("cell").nth(8);
      await expect(remoteCell).toHaveText(/^(copying…|copied)$/);
      await expect(remoteCell).toHaveText("copied", { timeout: 30_000 });
      expect([...store.objects().keys()].some((k) => k.startsWith(`e2e/${id}/vzdump-`))).toBe(true);
      await expect(rowOf(id).getByRole("button", { name: "Copy to the remote store" })).toHaveCount(0);
    });

    await test.step("a backup made from the container's page is copied to the store", async () => {
      await page.goto(state.containerPath);
      const backups = page.getByRole("region", { name: "Backups" });
      await backups
        .getByRole("form", { name: "Back up now" })
        .getByRole("button", { name: "Back up now" })
        .click();
      await expect(backups.getByRole("status")).toHaveText("Backup queued.");
      await expect(backups.getByTestId("backup-row").first()).toContainText("done", { timeout: 90_000 });
      await page.goto("/admin/backups");
      // The newest finished backup of the container: made after the store was set up, so copied.
      const newest = table
        .getByRole("row")
        .filter({ hasText: state.hostname })
        .filter({ has: page.getByRole("link", { name: "Download" }) })
        .first();
      const id = await idOf(newest);
      await expect(async () => {
        await page.reload();
        await expect(rowOf(id).getByRole("cell").nth(8)).toHaveText("copied");
      }).toPass({ timeout: 60_000 });
      expect([...store.objects().keys()].some((k) => k.startsWith(`e2e/${id}/vzdump-`))).toBe(true);
      await copiedOnPageMatchesStore();
      await page.screenshot({
        path: test.info().outputPath("backups-with-remote-store.png"),
        fullPage: true,
      });
      for (const key of store.objects().keys())
        expect(key).toMatch(/^e2e\/[a-z0-9]+\/vzdump-\d+-[0-9a-f_-]+\.tar\.zst$/);
    });

    await test.step("removing the store keeps the copies in it", async () => {
      await form.getByRole("button", { name: "Remove the store" }).click();
      await form
        .getByRole("button", { name: "Click again to remove it (copies already there stay)" })
        .click();
      await expect(form.getByRole("status")).toHaveText(
        "Remote store removed. The copies already in it stay there.",
      );
      await expect(form.getByRole("button", { name: "Test the store" })).toHaveCount(0);
      const kept = store.objects().size;
      expect(kept).toBeGreaterThanOrEqual(2);
      await copiedOnPageMatchesStore();
    });
  } finally {
    await store.close();
  }
});
