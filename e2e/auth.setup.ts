import { mkdirSync, writeFileSync } from "node:fs";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  ADMIN_STATE,
  AUTH_DIR,
  CUSTOMER_FILE,
  createTenantViaUi,
  createUserViaUi,
  signInOk,
  uniqueName,
} from "./helpers";
import { expect, test as setup } from "./support/test";

// Signs the first admin in once (its login comes from the first-run step, as on a real install) and
// seeds a tenant with a customer through the admin UI: no test-only backdoor.
setup("sign in as admin and create a customer", async ({ page }) => {
  expect(ADMIN_PASSWORD, "BERTH_ADMIN_PASSWORD must be set for e2e (scripts/test-all sets it)").not.toBe("");
  mkdirSync(AUTH_DIR, { recursive: true });
  await signInOk(page, ADMIN_EMAIL, ADMIN_PASSWORD, /\/admin$/);
  await page.context().storageState({ path: ADMIN_STATE });

  const tenant = uniqueName("Acme");
  await createTenantViaUi(page, tenant);
  const email = `${uniqueName("customer")}@example.test`;
  const password = await createUserViaUi(page, { email, name: "Customer One", role: "Customer", tenant });
  expect(password).toMatch(/^\S{20}$/);
  writeFileSync(CUSTOMER_FILE, JSON.stringify({ email, password, tenant }));
});
