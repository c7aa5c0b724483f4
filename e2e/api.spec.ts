import { ADMIN_STATE, createTenantViaUi, createUserViaUi, signInOk, uniqueName } from "./helpers";
import { expect, type Page, test } from "./support/test";

// The REST API as a billing system meets it: a token made in the UI, the OpenAPI document and the API
// page, and what the API refuses (cookies instead of tokens, a replayed action from another site).
// Suspension as a hosting admin and a customer see it.

async function createTokenInUi(page: Page, name: string, scopes: string[]): Promise<string> {
  await page.goto("/account");
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByRole("textbox", { name: "Name" }).fill(name);
  for (const scope of ["read", "operate", "provision", "admin"]) {
    const box = form.getByRole("checkbox", { name: new RegExp(`^${scope}\\b`) });
    if ((await box.count()) === 0) continue;
    if (scopes.includes(scope)) await box.check();
    else await box.uncheck();
  }
  await form.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByText(/^berth_[A-Za-z0-9_-]{43}$/);
  await expect(secret).toBeVisible();
  return ((await secret.textContent()) ?? "").trim();
}

test.describe("REST API", () => {
  test.use({ storageState: ADMIN_STATE });

  test("a token made in the UI works with the API; the cookie does not", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const token = await createTokenInUi(page, uniqueName("billing"), [
      "read",
      "operate",
      "provision",
      "admin",
    ]);
    const api = await playwright.request.newContext({ baseURL });
    const me = await api.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({
      role: "ADMIN",
      scopes: ["read", "operate", "provision", "admin"],
    });
    const list = await api.get("/api/v1/containers?limit=5", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.status()).toBe(200);
    expect(await list.json()).toHaveProperty("nextCursor");

    // The page's own request context carries the signed-in admin's cookie: the API does not take it.
    const withCookie = await page.request.get("/api/v1/me");
    expect(withCookie.status()).toBe(401);
    expect(withCookie.headers()["content-type"]).toContain("application/problem+json");
    // Nor a token put in a cookie.
    const tokenCookie = await api.get("/api/v1/me", { headers: { cookie: `authorization=Bearer ${token}` } });
    expect(tokenCookie.status()).toBe(401);
    await api.dispose();
  });

  test("the OpenAPI document is served and the API page lists the operations", async ({ page, request }) => {
    const doc = await (await request.get("/api/v1/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/containers/{containerId}/start"].post.operationId).toBe("startContainer");
    await page.goto("/api-docs");
    await expect(page.getByRole("heading", { name: "API", level: 1 })).toBeVisible();
    await expect(page.getByText("/api/v1/containers/{containerId}/start", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "OpenAPI 3.1 document" })).toHaveAttribute(
      "href",
      "/api/v1/openapi.json",
    );
    await page.screenshot({ path: "test-results/api-docs.png", fullPage: false });
  });

  test("a server action replayed from another site is refused and changes nothing", async ({ page }) => {
    const name = uniqueName("csrf-probe");
    // Record the real request the account page sends to create a token.
    const recorded = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
    await createTokenInUi(page, name, ["read"]);
    const original = await recorded;
    const headers = original.headers();
    const replay = await page.request.post(original.url(), {
      headers: {
        "next-action": headers["next-action"] ?? "",
        "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: "https://attacker.example",
      },
      data: original.postData() ?? "",
    });
    expect(replay.ok()).toBe(false);
    await page.goto("/account");
    await expect(page.getByRole("cell", { name, exact: true })).toHaveCount(1);
  });
});

test.describe("suspension", () => {
  test("a suspended tenant's customer sees why, and can act again once lifted", async ({ browser }) => {
    const admin = await browser.newPage({ storageState: ADMIN_STATE });
    const tenant = uniqueName("Suspended Co");
    await createTenantViaUi(admin, tenant);
    const email = `${uniqueName("sus")}@example.test`;
    const password = await createUserViaUi(admin, { email, name: "Sus", role: "Customer", tenant });

    await admin.goto("/admin/tenants");
    await admin.getByRole("link", { name: tenant }).click();
    const control = admin.getByRole("form", { name: "Suspension" });
    await control.getByLabel("Reason shown to the customer").fill("invoice 1042 unpaid");
    await control.getByRole("button", { name: "Suspend" }).click();
    await expect(control.getByTestId("suspension-state")).toContainText("Suspended");
    await expect(control.getByTestId("suspension-state")).toContainText("invoice 1042 unpaid");

    const customerContext = await browser.newContext();
    const customer = await customerContext.newPage();
    await signInOk(customer, email, password, /\/servers/);
    await expect(customer.getByTestId("tenant-suspended")).toContainText("invoice 1042 unpaid");
    await customer.screenshot({ path: "test-results/tenant-suspended.png" });

    await control.getByRole("button", { name: "Lift suspension" }).click();
    await expect(control.getByTestId("suspension-state")).toContainText("Active");
    await customer.reload();
    await expect(customer.getByTestId("tenant-suspended")).toHaveCount(0);
    await customerContext.close();
    await admin.close();
  });
});
