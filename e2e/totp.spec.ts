import { Secret, TOTP } from "otpauth";
import { createUserViaUi, loginMessage, signIn, signInOk, signOut, uniqueName } from "./helpers";
import { expect, test } from "./support/test";

function codeFor(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

test("an admin enrols TOTP, then sign-in needs a code, and a recovery code works once", async ({
  page,
  browser,
}) => {
  const seed = await browser.newPage({ storageState: "e2e/.auth/admin.json" });
  const email = `${uniqueName("totp-admin")}@example.test`;
  const password = await createUserViaUi(seed, { email, name: "Second Admin", role: "Administrator" });
  const email2 = `${uniqueName("plain-admin")}@example.test`;
  const password2 = await createUserViaUi(seed, {
    email: email2,
    name: "Plain Admin",
    role: "Administrator",
  });
  await seed.close();

  await signInOk(page, email, password, /\/admin$/);
  await page.goto("/account");
  await page.getByRole("button", { name: "Set up an authenticator" }).click();
  await expect(page.getByRole("img", { name: "QR code" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  await page.getByLabel("Code from the app").fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const codes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) =>
    c.trim(),
  );

  await signOut(page);

  // Password alone now asks for the second factor.
  await signIn(page, email, password);
  await expect(loginMessage(page)).toHaveText("Enter the 6-digit code from your authenticator app.");
  await page.getByLabel("Authenticator code or recovery code").fill("000000");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(loginMessage(page)).toContainText("That code is wrong or already used");

  // A recovery code signs in once.
  await page.getByLabel("Authenticator code or recovery code").fill(codes[0] as string);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await signOut(page);
  await signIn(page, email, password);
  await page.getByLabel("Authenticator code or recovery code").fill(codes[0] as string);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(loginMessage(page)).toContainText("recovery code is wrong or already used");

  // The policy: this admin has TOTP, so it may require it of all admins.
  await page.getByLabel("Authenticator code or recovery code").fill(codes[1] as string);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/settings");
  const toggle = page.getByLabel("Require a second factor (TOTP) for administrators");
  await toggle.check();
  await expect(page.getByRole("status")).toHaveText("Saved.");

  // An admin without TOTP is now sent to enrol before any admin page.
  const other = await browser.newPage();
  await signIn(other, email2, password2);
  await expect(other).toHaveURL(/\/account\?totp=required/);
  await expect(other.getByRole("alert").filter({ hasText: "requires a second factor" })).toBeVisible();
  await other.close();

  // Turn the policy off again so other tests' admins are not affected.
  await toggle.uncheck();
  await expect(page.getByRole("status")).toHaveText("Saved.");
});
