import { readFileSync } from "node:fs";
import { expect, type Page } from "./support/test";

export const ADMIN_EMAIL = process.env.BERTH_ADMIN_EMAIL ?? "admin@berth.local";
export const ADMIN_PASSWORD = process.env.BERTH_ADMIN_PASSWORD ?? "";
export const AUTH_DIR = "e2e/.auth";
export const ADMIN_STATE = `${AUTH_DIR}/admin.json`;
export const CUSTOMER_FILE = `${AUTH_DIR}/customer.json`;

/** A name no other test or earlier run uses, so tests never depend on each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInOk(page: Page, email: string, password: string, landing: RegExp): Promise<void> {
  await signIn(page, email, password);
  await expect(page).toHaveURL(landing);
}

export function readCustomer(): { email: string; password: string; tenant: string } {
  return JSON.parse(readFileSync(CUSTOMER_FILE, "utf8"));
}

/** Creates a user through the admin UI (the public way) and returns the generated password. */
export async function createUserViaUi(
  page: Page,
  user: { email: string; name: string; role: "Customer" | "Administrator"; tenant?: string },
): Promise<string> {
  await page.goto("/admin/tenants");
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("E-mail").fill(user.email);
  await form.getByLabel("Name").fill(user.name);
  await form.getByLabel("Role").selectOption({ label: user.role });
  if (user.tenant) await form.getByLabel("Tenant").selectOption({ label: user.tenant });
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("status")).toContainText(`User ${user.email} created.`);
  return (await form.getByTestId("generated-password").textContent()) ?? "";
}

export async function createTenantViaUi(page: Page, name: string): Promise<void> {
  await page.goto("/admin/tenants");
  const form = page.getByRole("form", { name: "New tenant" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create tenant" }).click();
  await expect(form.getByRole("status")).toContainText(`Tenant ${name} created.`);
}

/** The sign-in form's error or prompt (Next's route announcer is also role=alert, so scope to the form). */
export function loginMessage(page: Page) {
  return page.getByRole("form", { name: "Sign in to Berth" }).getByRole("alert");
}

/**
 * Waits until the page is live (hydrated). Every control is disabled before that, so a check that a control is
 * disabled for a reason of its own says something only afterwards. Every panel page has the Sign out button.
 */
export async function waitForLivePage(page: Page): Promise<void> {
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeEnabled();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
}
