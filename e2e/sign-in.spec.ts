import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  ADMIN_STATE,
  createUserViaUi,
  loginMessage,
  readCustomer,
  signIn,
  signInOk,
  uniqueName,
} from "./helpers";
import { expect, test } from "./support/test";

const ADMIN_NAV = [
  "Dashboard",
  "Nodes",
  "Containers",
  "Templates",
  "Plans",
  "IP pools",
  "Tenants & users",
  "Tasks",
  "Audit log",
  "Settings",
  "Account",
];

test.describe("admin", () => {
  test("signs in and sees the dashboard with real counts", async ({ page }, testInfo) => {
    await signInOk(page, ADMIN_EMAIL, ADMIN_PASSWORD, /\/admin$/);
    await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    for (const item of ADMIN_NAV)
      await expect(nav.getByRole("link", { name: item, exact: true })).toBeVisible();
    // The setup created at least one tenant and one customer through the UI: the counts come from the database.
    const tenants = Number(await page.getByTestId("stat-tenants").locator("div").nth(1).textContent());
    expect(tenants).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId("stat-tenants")).toContainText(/[1-9]\d* customer users/);
    await testInfo.attach("dashboard", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
  });

  test("wrong password shows an error and gives no session", async ({ page, context }) => {
    await signIn(page, ADMIN_EMAIL, "not-the-password");
    await expect(loginMessage(page)).toHaveText("Wrong e-mail or password. Check both and try again.");
    await expect(page).toHaveURL(/\/login/);
    const cookies = await context.cookies();
    expect(cookies.some((c) => c.name.includes("session-token"))).toBe(false);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login/);
  });

  test("session cookie is HttpOnly and SameSite", async ({ page, context }) => {
    await signInOk(page, ADMIN_EMAIL, ADMIN_PASSWORD, /\/admin$/);
    const session = (await context.cookies()).find((c) => c.name.includes("session-token"));
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");
  });

  test("signs out", async ({ page }) => {
    await signInOk(page, ADMIN_EMAIL, ADMIN_PASSWORD, /\/admin$/);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/admin/nodes");
    await expect(page).toHaveURL(/\/login/);
  });

  test("every admin page renders with its empty state or list", async ({ page }) => {
    await signInOk(page, ADMIN_EMAIL, ADMIN_PASSWORD, /\/admin$/);
    for (const [path, heading] of [
      ["/admin/nodes", "Nodes"],
      ["/admin/containers", "Containers"],
      ["/admin/templates", "OS templates"],
      ["/admin/plans", "Plans"],
      ["/admin/ip-pools", "IP pools"],
      ["/admin/tenants", "Tenants & users"],
      ["/admin/tasks", "Tasks"],
      ["/admin/audit", "Audit log"],
      ["/admin/settings", "Settings"],
    ]) {
      const res = await page.goto(path as string);
      expect(res?.status(), path).toBe(200);
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    }
    // Other specs may have enrolled nodes: the page shows its list or its empty state, and always the form.
    await page.goto("/admin/nodes");
    await expect(page.getByRole("form", { name: "Add node" })).toBeVisible();
    await page.goto("/admin/audit");
    await expect(page.getByRole("table", { name: "Audit log" })).toContainText("auth.sign-in");
  });
});

test.describe("before the page is ready", () => {
  // Until React has hydrated the page its controls have no handlers: text typed into a field kept in React's
  // state would be dropped, and a form pressed would be sent natively, a GET to the page with every field
  // (passwords too) in the URL. So every control is disabled until then. JavaScript off keeps the page there.
  const fields = ["Current password", "New password", "Repeat the new password"];

  test("its fields and buttons are disabled, and a press sends nothing", async ({ browser }) => {
    const context = await browser.newContext({ storageState: ADMIN_STATE, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto("/account");
      const change = page.getByRole("button", { name: "Change password" });
      await expect(change).toBeDisabled();
      for (const label of fields) await expect(page.getByLabel(label, { exact: true })).toBeDisabled();
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await change.click({ force: true });
      // Nothing to wait on for something that must not happen: give a native submit time to start.
      await page.waitForTimeout(1000);
      expect(requests).toEqual([]);
      expect(new URL(page.url()).search).toBe("");
    } finally {
      await context.close();
    }
  });

  test("the same fields and button work once the page is hydrated", async ({ browser }) => {
    const context = await browser.newContext({ storageState: ADMIN_STATE });
    try {
      const page = await context.newPage();
      await page.goto("/account");
      await expect(page.getByRole("button", { name: "Change password" })).toBeEnabled();
      for (const label of fields) await expect(page.getByLabel(label, { exact: true })).toBeEnabled();
      // A wrong current password is refused by the server: the form really is live.
      await page.getByLabel("Current password", { exact: true }).fill("Not-the-password-1");
      await page.getByLabel("New password", { exact: true }).fill("Another-secret-9x");
      await page.getByLabel("Repeat the new password", { exact: true }).fill("Another-secret-9x");
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(
        page.getByRole("alert").filter({ hasText: "The current password is wrong." }),
      ).toBeVisible();
    } finally {
      await context.close();
    }
  });
});

test.describe("customer", () => {
  test("sees only the customer navigation", async ({ page }) => {
    const customer = readCustomer();
    await signInOk(page, customer.email, customer.password, /\/servers$/);
    await expect(page.getByRole("heading", { name: "My servers", level: 1 })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav.getByRole("link")).toHaveText(["My servers", "My tasks", "API", "Account"]);
    await expect(page.getByRole("status")).toContainText("You have no servers yet");
  });

  test("admin-only URLs answer as not found", async ({ page }) => {
    const customer = readCustomer();
    await signInOk(page, customer.email, customer.password, /\/servers$/);
    const unknown = await page.goto("/no-such-page");
    const unknownBody = await page.locator("#content").textContent();
    expect(unknown?.status()).toBe(404);
    for (const path of [
      "/admin",
      "/admin/nodes",
      "/admin/containers",
      "/admin/tenants",
      "/admin/audit",
      "/admin/settings",
    ]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
      // Exactly what a missing page shows: nothing reveals that the page exists.
      expect(await page.locator("#content").textContent(), path).toBe(unknownBody);
    }
  });

  test("wrong passwords are rate limited per account", async ({ page, browser }) => {
    const admin = await browser.newPage({ storageState: "e2e/.auth/admin.json" });
    const email = `${uniqueName("limited")}@example.test`;
    const password = await createUserViaUi(admin, {
      email,
      name: "Limited",
      role: "Customer",
      tenant: readCustomer().tenant,
    });
    await admin.close();
    for (let i = 0; i < 5; i++) {
      await signIn(page, email, `wrong-${i}`);
      await expect(loginMessage(page)).toHaveText("Wrong e-mail or password. Check both and try again.");
    }
    // Even the right password is refused while the account is locked.
    await signIn(page, email, password);
    await expect(loginMessage(page)).toContainText("Too many failed sign-ins. Wait 15 min");
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("preferences", () => {
  test("language switch is remembered per user", async ({ page }) => {
    const admin = await page.context().browser()?.newPage({ storageState: "e2e/.auth/admin.json" });
    if (!admin) throw new Error("no browser");
    const email = `${uniqueName("zh")}@example.test`;
    const password = await createUserViaUi(admin, {
      email,
      name: "张三",
      role: "Customer",
      tenant: readCustomer().tenant,
    });
    await admin.close();

    await signInOk(page, email, password, /\/servers$/);
    await page.getByLabel("Language").first().selectOption({ label: "简体中文" });
    await expect(page.getByRole("heading", { name: "我的服务器", level: 1 })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/);

    // A fresh browser (no cookie) gets the user's language back after signing in.
    await page.context().clearCookies();
    await signInOk(page, email, password, /\/servers$/);
    await expect(page.getByRole("heading", { name: "我的服务器", level: 1 })).toBeVisible();
  });

  test("dark mode applies and stays", async ({ page }) => {
    const customer = readCustomer();
    await signInOk(page, customer.email, customer.password, /\/servers$/);
    await page.goto("/account");
    await page.getByLabel("Theme").selectOption({ label: "Dark" });
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/dark/);
  });
});
