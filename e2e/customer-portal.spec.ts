import {
  ADMIN_STATE,
  createTenantViaUi,
  createUserViaUi,
  signInOk,
  uniqueName,
  waitForLivePage,
} from "./helpers";
import { AgentHost } from "./support/agent-host";
import { expect, type Page, test } from "./support/test";
import {
  createPlanAndPool,
  createRunningContainer,
  enrolNode,
  uniqueTemplateName,
  uploadTestTemplate,
} from "./support/ui-setup";

// A template of this spec's own: the panel ships it to the node on create.
const TEMPLATE = uniqueTemplateName("portal");

test.describe.configure({ mode: "serial" });

// One real node for this file, on a subnet of its own (211 and 212 belong to other specs).
const host = new AgentHost({ subnet: 213 });
const state = {
  tenant: "",
  customer: { email: "", password: "" },
  hostname: "",
  containerId: "",
  otherContainerId: "",
  otherHostname: "",
};

test.beforeAll(async ({ browser }) => {
  test.setTimeout(6 * 60_000);
  await host.prepare({ withTemplate: false });
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  const nodeName = uniqueName("pnode").toLowerCase();
  await enrolNode(page, host, nodeName);
  await uploadTestTemplate(page, TEMPLATE);
  const { plan } = await createPlanAndPool(page, host, nodeName);
  const tenant = uniqueName("Portal");
  state.tenant = tenant;
  const otherTenant = uniqueName("Elsewhere");
  await createTenantViaUi(page, tenant);
  await createTenantViaUi(page, otherTenant);
  state.customer.email = `${uniqueName("portal")}@example.test`;
  state.customer.password = await createUserViaUi(page, {
    email: state.customer.email,
    name: "Portal Customer",
    role: "Customer",
    tenant,
  });
  state.hostname = `${uniqueName("mine").toLowerCase()}.example.com`;
  state.otherHostname = `${uniqueName("theirs").toLowerCase()}.example.com`;
  const mine = await createRunningContainer(page, {
    tenant,
    nodeName,
    template: TEMPLATE,
    plan,
    hostname: state.hostname,
  });
  const theirs = await createRunningContainer(page, {
    tenant: otherTenant,
    nodeName,
    template: TEMPLATE,
    plan,
    hostname: state.otherHostname,
  });
  state.containerId = mine.split("/").pop() as string;
  state.otherContainerId = theirs.split("/").pop() as string;
  await page.close();
});
test.afterAll(async () => {
  await host.stop();
});

/** Waits until the page lists `count` tasks of `type`, the newest ended as `status` (newest first). */
async function waitForTask(page: Page, type: string, count: number, status = "SUCCEEDED") {
  const tasks = page.locator(`[data-testid="task"][data-task-type="${type}"]`);
  await expect(tasks).toHaveCount(count, { timeout: 90_000 });
  await expect(tasks.first()).toHaveAttribute("data-task-status", status, { timeout: 90_000 });
}

async function shot(page: Page, name: string) {
  await test
    .info()
    .attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

test("a customer runs their own server: power, root password, host name, console, tasks", async ({
  page,
}) => {
  test.setTimeout(6 * 60_000);
  await signInOk(page, state.customer.email, state.customer.password, /\/servers$/);

  await test.step("the list shows their server only, and links to its page", async () => {
    const list = page.getByRole("table", { name: "My servers" });
    await expect(list).toContainText(state.hostname);
    await expect(list).not.toContainText(state.otherHostname);
    await list.getByRole("link", { name: state.hostname }).click();
    await expect(page).toHaveURL(new RegExp(`/servers/${state.containerId}$`));
    await expect(page.getByRole("heading", { name: state.hostname, level: 1 })).toBeVisible();
    await expect(page.getByTestId("container-status")).toHaveText("running");
    await expect(page.getByRole("region", { name: "Overview" })).toContainText("10.231.213.");
    await expect(page.getByRole("region", { name: "Overview" })).toContainText(TEMPLATE);
    await shot(page, "1-server-page");
  });

  await test.step("the provider's controls are not offered", async () => {
    for (const name of ["Destroy container", "Apply now (running only)", "Add address", "Change plan"]) {
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    }
    await expect(page.getByRole("link", { name: /node/i })).toHaveCount(0);
  });

  await test.step("stop and start, following the task's status text", async () => {
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect(page.getByRole("region", { name: "Power" }).getByRole("status")).toHaveText("Queued: Stop.");
    await waitForTask(page, "container.stop", 1);
    await expect(page.getByTestId("container-status")).toHaveText("stopped");
    await expect(page.getByText("Beancounters are read from the running container")).toBeVisible();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await waitForTask(page, "container.start", 1);
    await expect(page.getByTestId("container-status")).toHaveText("running");
    await expect(page.getByRole("table", { name: "Beancounters" })).toContainText("numproc");
  });

  await test.step("a weak typed root password is refused by the server with the rule it breaks", async () => {
    const form = page.getByRole("form", { name: "Reset root password" });
    await form.getByLabel("Type my own password").check();
    await form.getByLabel("Root password", { exact: true }).fill("Password123!");
    await form.getByRole("button", { name: "Reset root password" }).click();
    await expect(form.getByRole("alert")).toHaveText(/well-known password/);
    await expect(page.locator('[data-task-type="container.set-password"]')).toHaveCount(0);
  });

  await test.step("a generated root password is shown once", async () => {
    const form = page.getByRole("form", { name: "Reset root password" });
    await form.getByLabel("Generate a strong password (shown once)").check();
    await form.getByRole("button", { name: "Reset root password" }).click();
    await expect(page.getByTestId("root-password")).toHaveText(/^\S{20}$/);
    await expect(form.getByRole("button", { name: "Copy root password" })).toBeVisible();
    await waitForTask(page, "container.set-password", 1);
    await shot(page, "2-root-password");
    await page.reload();
    await expect(page.getByTestId("root-password")).toHaveCount(0);
  });

  await test.step("change the host name", async () => {
    const renamed = `${uniqueName("renamed").toLowerCase()}.example.com`;
    const form = page.getByRole("form", { name: "Change host name" });
    await form.getByLabel("Host name", { exact: true }).fill(renamed);
    await form.getByRole("button", { name: "Change host name" }).click();
    await waitForTask(page, "container.set-hostname", 1);
    await expect(page.getByRole("heading", { name: renamed, level: 1 })).toBeVisible();
    state.hostname = renamed;
  });

  await test.step("reinstall asks for the host name and says it wipes the data", async () => {
    const form = page.getByRole("form", { name: "Reinstall" });
    await expect(form.getByRole("note")).toContainText("This wipes all data on the server.");
    await expect(form.getByLabel("OS template")).toContainText(TEMPLATE);
    await expect(form.getByRole("button", { name: "Reinstall" })).toBeDisabled();
    await form.getByLabel("Type the host name to confirm").fill(state.hostname);
    await expect(form.getByRole("button", { name: "Reinstall" })).toBeEnabled();
  });

  await test.step("the console opens as a tab and in a full window", async () => {
    await expect(page.getByRole("link", { name: "Open in a new window" })).toHaveAttribute(
      "href",
      `/console/${state.containerId}`,
    );
    await page
      .getByRole("navigation", { name: "Server sections" })
      .getByRole("link", { name: "Console" })
      .click();
    await expect(page).toHaveURL(new RegExp(`/servers/${state.containerId}/console$`));
    await expect(page.getByTestId("console-status")).toHaveText("Connected");
    await page.getByTestId("terminal").click();
    await page.keyboard.type("echo H-$(hostname)");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("terminal").locator(".xterm-rows")).toContainText(`H-${state.hostname}`);
    await shot(page, "3-console-tab");
    await page.goto(`/console/${state.containerId}`);
    await expect(page.getByTestId("console-status")).toHaveText("Connected");
  });

  await test.step("their task history lists their tasks only", async () => {
    await page.goto("/servers");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "My tasks" })
      .click();
    await expect(page).toHaveURL(/\/servers\/tasks$/);
    const table = page.getByRole("table", { name: "My tasks" });
    for (const task of ["Stop", "Start", "Reset root password", "Change host name", "Create server"]) {
      await expect(table.getByRole("link", { name: task, exact: true }).first()).toBeVisible();
    }
    await expect(table).not.toContainText(state.otherHostname);
    await table.getByRole("link", { name: "Change host name", exact: true }).first().click();
    await expect(page.getByTestId("task-status")).toHaveText("succeeded");
    await expect(page.getByTestId("task-progress")).toHaveText(/^100%/);
    await shot(page, "4-tasks");
  });
});

test("a customer creates an API token, sees its secret once, uses it and revokes it", async ({
  page,
  request,
}) => {
  await signInOk(page, state.customer.email, state.customer.password, /\/servers$/);
  await page.goto("/account");
  const name = uniqueName("billing");
  const form = page.getByRole("form", { name: "New API token" });
  // A customer's token can never reach further than the customer.
  await expect(form.getByRole("checkbox")).toHaveCount(2);
  await expect(form.getByRole("checkbox", { name: /^read/ })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: /^provision/ })).toHaveCount(0);
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByRole("checkbox", { name: /^operate/ }).check();
  await form.getByLabel("Expires", { exact: true }).selectOption({ label: "in 30 days" });
  await form.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("api-token-secret").textContent()) ?? "";
  expect(secret).toMatch(/^berth_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("button", { name: "Copy API token" })).toBeVisible();
  await shot(page, "5-api-token");

  const row = page.getByTestId("api-token-row").filter({ hasText: name });
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row).toContainText("read, operate");
  await expect(row).toHaveAttribute("data-token-state", "active");

  // The token works against the REST API and sees this customer's server only.
  const listed = await request.get("/api/v1/containers", { headers: { authorization: `Bearer ${secret}` } });
  expect(listed.status()).toBe(200);
  const hostnames = ((await listed.json()) as { data: { hostname: string }[] }).data.map((c) => c.hostname);
  expect(hostnames).toEqual([state.hostname]);

  // Shown once: after a reload only the prefix is left.
  await page.reload();
  await expect(page.getByTestId("api-token-secret")).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText(secret);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByRole("button", { name: `Yes, revoke ${name}` }).click();
  await expect(row).toHaveAttribute("data-token-state", "revoked");
  const refused = await request.get("/api/v1/containers", { headers: { authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
});

test("a customer's account page shows recent sign-ins with time, IP, result and client", async ({ page }) => {
  await signInOk(page, state.customer.email, state.customer.password, /\/servers$/);
  await page.goto("/account");
  const table = page.getByRole("table", { name: "Recent sign-ins" });
  await expect(table.getByRole("columnheader")).toHaveText([
    "When",
    "IP address",
    "Result",
    "Browser or client",
  ]);
  await expect(table.getByRole("row").nth(1)).toContainText("Signed in");
  await expect(table.getByRole("row").nth(1)).toContainText("Mozilla");
  await expect(page.getByRole("form", { name: "New API token" })).toBeVisible();
  await shot(page, "6-account");
});

test("another tenant's server, console and a missing id all answer the same not-found page", async ({
  page,
}) => {
  await signInOk(page, state.customer.email, state.customer.password, /\/servers$/);
  for (const url of [
    `/servers/${state.otherContainerId}`,
    `/servers/${state.otherContainerId}/console`,
    "/servers/cm00000000000000000000000",
    "/servers/tasks/cm00000000000000000000000",
    `/console/${state.otherContainerId}`,
  ]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText(state.otherHostname);
  }
});

test("the customer pages fit a phone's screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInOk(page, state.customer.email, state.customer.password, /\/servers$/);
  await page.goto(`/servers/${state.containerId}`);
  await expect(page.getByTestId("container-status")).toHaveText("running");
  // Nothing wider than the viewport: no sideways scrolling of the whole page.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "7-phone-server");
  await page.goto("/account");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "8-phone-account");
});

test("the customer pages read in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("电子邮件").fill(state.customer.email);
  await page.getByLabel("密码", { exact: true }).fill(state.customer.password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/servers$/);
  await page.goto(`/servers/${state.containerId}`);
  // The account's saved language wins over the browser's: switch it with the header's control.
  await page.getByRole("banner").getByRole("combobox").selectOption("zh-CN");
  await expect(page.getByTestId("container-status")).toHaveText("运行中");
  await expect(page.getByRole("button", { name: "重置 root 密码" })).toBeVisible();
  await shot(page, "9-zh-cn-server");
  // The choice is saved to the account too: back to English for the tests after this one.
  await page.getByRole("banner").getByRole("combobox").selectOption("en");
  await expect(page.getByTestId("container-status")).toHaveText("running");
  await context.close();
});

test("a suspended tenant or server shows why, and its buttons are off until the suspension is lifted", async ({
  page,
  browser,
}) => {
  test.setTimeout(3 * 60_000);
  const admin = await browser.newPage({ storageState: ADMIN_STATE });
  const suspension = admin.getByRole("form", { name: "Suspension" });
  const serverPage = `/servers/${state.containerId}`;
  await signInOk(page, state.customer.email, state.customer.password, /\/servers$/);

  await test.step("the provider suspends the tenant: a notice on every page, actions off", async () => {
    await admin.goto("/admin/tenants");
    await admin.getByRole("link", { name: state.tenant }).click();
    await suspension.getByLabel("Reason shown to the customer").fill("invoice 1042 unpaid");
    await suspension.getByRole("button", { name: "Suspend" }).click();
    await expect(suspension.getByRole("status")).toContainText("Done:");
    for (const url of ["/servers", "/servers/tasks", "/account", serverPage]) {
      await page.goto(url);
      const notice = page.getByTestId("tenant-suspended");
      await expect(notice).toHaveRole("alert");
      await expect(notice).toContainText("Your account is suspended");
      await expect(notice).toContainText("invoice 1042 unpaid");
    }
    await waitForLivePage(page);
    for (const name of ["Start", "Stop", "Restart", "Reset root password", "Reinstall"]) {
      await expect(page.getByRole("button", { name, exact: true })).toBeDisabled();
    }
    await shot(page, "10-tenant-suspended");
  });

  await test.step("lifted: the notice goes", async () => {
    await suspension.getByRole("button", { name: "Lift suspension" }).click();
    await expect(suspension.getByRole("status")).toContainText("Done:");
    await page.reload();
    await expect(page.getByRole("heading", { name: state.hostname, level: 1 })).toBeVisible();
    await expect(page.getByTestId("tenant-suspended")).toHaveCount(0);
  });

  await test.step("the provider suspends this one server: its page says so, the console is closed", async () => {
    await admin.goto(`/admin/containers/${state.containerId}`);
    await suspension.getByLabel("Reason shown to the customer").fill("abuse report 7");
    await suspension.getByRole("button", { name: "Suspend" }).click();
    await expect(suspension.getByRole("status")).toContainText("Done:");
    await page.goto(serverPage);
    await expect(page.getByTestId("container-suspended")).toContainText("This server is suspended");
    await expect(page.getByTestId("tenant-suspended")).toHaveCount(0);
    await waitForLivePage(page);
    await expect(page.getByRole("button", { name: "Reset root password", exact: true })).toBeDisabled();
    await page.goto(`${serverPage}/console`);
    await expect(page.getByText("The console is not available")).toBeVisible();
    await admin.goto(`/admin/containers/${state.containerId}`);
    await suspension.getByRole("button", { name: "Lift suspension" }).click();
    await expect(suspension.getByRole("status")).toContainText("Done:");
    await page.goto(serverPage);
    await expect(page.getByTestId("container-suspended")).toHaveCount(0);
  });
  await admin.close();
});
