import path from "node:path";
import { type IdSet, MISSING } from "../lib/isolation/ids";
import { listPageRoutes, type PageRoute, pageUrl } from "../lib/isolation/page-routes";
import { ADMIN_STATE, createTenantViaUi, createUserViaUi, signInOk, uniqueName } from "./helpers";
import { AgentHost } from "./support/agent-host";
import { expect, type Page, test } from "./support/test";
import {
  createPlanAndPool,
  createRunningContainer,
  enrolNode,
  uniqueTemplateName,
  uploadTestTemplate,
} from "./support/ui-setup";

// Every page of the panel, read from the page files under app/ when the spec runs, opened by tenant A's
// customer with tenant B's ids and with ids that do not exist: the two must answer alike (404, the same
// heading and text), and no page may show anything of B's. A page added later is walked without touching
// this file; a page whose parameter names a new kind of id fails (lib/isolation/ids.ts, PARAM_KINDS).
// The REST API, server actions and the console socket are walked by lib/isolation/*.test.ts.

// A template of this spec's own: the panel ships it to the node on create.
const TEMPLATE = uniqueTemplateName("iso");
test.describe.configure({ mode: "serial" });

const host = new AgentHost({ subnet: 214 });
const pages = listPageRoutes(path.resolve(import.meta.dirname, ".."));
const state = {
  customerA: { email: "", password: "" },
  ownContainerId: "",
  ownHostname: "",
  /** B's container, task and tenant; the node, pool, plan and template B's container uses. */
  foreign: { ...MISSING } as IdSet,
  /** Text of B's that no page shown to A may contain (besides an id A typed into the address). */
  secretsOfB: [] as string[],
};

function lastSegment(href: string | null): string {
  const id = href?.split(/[?#]/)[0]?.split("/").filter(Boolean).pop();
  if (!id) throw new Error(`no id in link ${href}`);
  return id;
}

async function idFromList(page: Page, listPath: string, name: string): Promise<string> {
  await page.goto(listPath);
  return lastSegment(await page.getByRole("link", { name, exact: true }).first().getAttribute("href"));
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(5 * 60_000);
  await host.prepare({ withTemplate: false });
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  const nodeName = uniqueName("isonode").toLowerCase();
  await enrolNode(page, host, nodeName);
  await uploadTestTemplate(page, TEMPLATE);
  const { plan, pool } = await createPlanAndPool(page, host, nodeName);
  const tenantA = uniqueName("IsoA");
  const tenantB = uniqueName("IsoB");
  await createTenantViaUi(page, tenantA);
  await createTenantViaUi(page, tenantB);
  state.customerA.email = `${uniqueName("iso-a")}@example.test`;
  state.customerA.password = await createUserViaUi(page, {
    email: state.customerA.email,
    name: "Isolation A",
    role: "Customer",
    tenant: tenantA,
  });
  const emailB = `${uniqueName("iso-b")}@example.test`;
  await createUserViaUi(page, { email: emailB, name: "Isolation B", role: "Customer", tenant: tenantB });

  state.ownHostname = `${uniqueName("iso-a")}.example.com`.toLowerCase();
  state.ownContainerId = lastSegment(
    await createRunningContainer(page, {
      tenant: tenantA,
      nodeName,
      template: TEMPLATE,
      plan,
      hostname: state.ownHostname,
    }),
  );
  const hostnameB = `${uniqueName("iso-b")}.example.net`.toLowerCase();
  const containerB = lastSegment(
    await createRunningContainer(page, {
      tenant: tenantB,
      nodeName,
      template: TEMPLATE,
      plan,
      hostname: hostnameB,
    }),
  );
  // B's create task, from the task list on B's container page (where createRunningContainer left us).
  const taskB = lastSegment(await page.locator('main a[href^="/admin/tasks/"]').first().getAttribute("href"));
  const addressB =
    (
      await page
        .getByText(/^10\.231\.214\.\d+$/)
        .first()
        .textContent()
    )?.trim() ?? "";
  expect(addressB).toMatch(/^10\.231\.214\.\d+$/);

  state.foreign = {
    ...MISSING,
    containerId: containerB,
    taskId: taskB,
    tenantId: await idFromList(page, "/admin/tenants", tenantB),
    nodeId: await idFromList(page, "/admin/nodes", nodeName),
    poolId: await idFromList(page, "/admin/ip-pools", pool),
    planId: await idFromList(page, "/admin/plans", plan),
    templateId: await idFromList(page, "/admin/templates", TEMPLATE),
    hostname: hostnameB,
    email: emailB,
    ipAddress: addressB,
  };
  // The address as text and as a JSON string (a bare "10.231.214.3" would match inside "10.231.214.30").
  state.secretsOfB = [
    containerB,
    taskB,
    state.foreign.tenantId,
    tenantB,
    hostnameB,
    emailB,
    `${addressB}<`,
    `"${addressB}"`,
  ];
  await page.close();
});

test.afterAll(async () => {
  await host.stop();
});

/** What a page shows, with the id typed into the address replaced, so B's answer and a missing one compare. */
async function shapeOf(page: Page, url: string, typedIds: string[]) {
  const res = await page.goto(url);
  const blank = (s: string) => typedIds.reduce((acc, id) => acc.split(id).join("<id>"), s);
  return {
    status: res?.status() ?? 0,
    title: blank(await page.title()),
    headings: (await page.locator("h1, h2").allInnerTexts()).map(blank),
    // What a person reads: rendered text (scripts with the RSC payload are not text a page shows).
    text: blank((await page.locator("body").allInnerTexts()).join("\n")),
    html: (await res?.text()) ?? "",
  };
}

function expectNoSecretOfB(html: string, what: string, except: string[] = []): void {
  for (const s of state.secretsOfB.filter((x) => !except.includes(x)))
    expect(html.includes(s), `${what} shows B's "${s}"`).toBe(false);
}

test.describe("customer A", () => {
  test.beforeEach(async ({ page }) => {
    await signInOk(page, state.customerA.email, state.customerA.password, /\/servers$/);
  });

  test("opens their own server's page (the session works, so the 404s below are the pages' answers)", async ({
    page,
  }) => {
    const res = await page.goto(`/servers/${state.ownContainerId}`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(state.ownHostname);
  });

  test("gets B's ids answered exactly like missing ids on every page that takes an id", async ({ page }) => {
    const withIds = pages.filter((p) => p.params.length > 0);
    expect(withIds.length).toBeGreaterThan(0);
    const foreignIds = (p: PageRoute) => p.params.map((x) => state.foreign[x.kind]);
    const missingIds = (p: PageRoute) => p.params.map((x) => MISSING[x.kind]);
    for (const route of withIds) {
      const what = `${route.pattern} (${route.file})`;
      for (const p of route.params)
        expect(
          state.foreign[p.kind],
          `${what}: seed one of B's ${p.kind} in this spec's beforeAll, or B's id would be a missing one`,
        ).not.toBe(MISSING[p.kind]);
      const foreign = await shapeOf(page, pageUrl(route, state.foreign), foreignIds(route));
      const missing = await shapeOf(page, pageUrl(route, MISSING), missingIds(route));
      expect(foreign.status, `${what}: B's ids`).toBe(404);
      expect({ ...foreign, html: "" }, `${what}: B's ids vs missing ids`).toEqual({ ...missing, html: "" });
      expectNoSecretOfB(foreign.html, what, foreignIds(route));
    }
  });

  test("gets the not-found page for every admin page, and no page shows anything of B's", async ({
    page,
  }) => {
    // An address that is no page at all: what an admin page must look like to a customer.
    const unknown = await shapeOf(page, "/no-such-page", []);
    expect(unknown.status).toBe(404);
    const { html: _h, ...unknownShape } = unknown;
    for (const route of pages.filter((p) => p.params.length === 0)) {
      const what = `${route.pattern} (${route.file})`;
      const shown = await shapeOf(page, route.pattern, []);
      if (route.isAdmin) {
        // Title included: an admin page's title (Containers, Plans...) is given to admins only.
        const { html: _html, ...shape } = shown;
        expect(shape, what).toEqual(unknownShape);
      } else expect(shown.status, what).toBeLessThan(400);
      expectNoSecretOfB(shown.html, what);
    }
  });
});
