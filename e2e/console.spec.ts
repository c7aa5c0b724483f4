import WebSocket from "ws";
import { ADMIN_STATE, createTenantViaUi, createUserViaUi, signInOk, uniqueName } from "./helpers";
import { AgentHost } from "./support/agent-host";
import { expect, type Page, test } from "./support/test";
import {
  createPlanAndPool,
  createRunningContainer,
  enrolNode,
  importTemplatesFrom,
} from "./support/ui-setup";

const TEMPLATE = "busybox-1.35-x86_64-test";
test.describe.configure({ mode: "serial" });

const host = new AgentHost({ subnet: 212 });
const state = {
  nodeName: "",
  tenant: "",
  otherTenant: "",
  containerPath: "",
  otherContainerPath: "",
  customer: { email: "", password: "" },
};

test.beforeAll(async ({ browser }) => {
  test.setTimeout(5 * 60_000);
  await host.prepare();
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  state.nodeName = uniqueName("cnode").toLowerCase();
  await enrolNode(page, host, state.nodeName);
  await importTemplatesFrom(page, state.nodeName);
  const { plan } = await createPlanAndPool(page, host, state.nodeName);
  state.tenant = uniqueName("Mine");
  state.otherTenant = uniqueName("Other");
  await createTenantViaUi(page, state.tenant);
  await createTenantViaUi(page, state.otherTenant);
  state.customer.email = `${uniqueName("console")}@example.test`;
  state.customer.password = await createUserViaUi(page, {
    email: state.customer.email,
    name: "Console User",
    role: "Customer",
    tenant: state.tenant,
  });
  state.containerPath = await createRunningContainer(page, {
    tenant: state.tenant,
    nodeName: state.nodeName,
    template: TEMPLATE,
    plan,
    hostname: "console-mine.example.com",
  });
  state.otherContainerPath = await createRunningContainer(page, {
    tenant: state.otherTenant,
    nodeName: state.nodeName,
    template: TEMPLATE,
    plan,
    hostname: "console-other.example.com",
  });
  await page.close();
});
test.afterAll(async () => {
  await host.stop();
});

/**
 * The terminal's screen as text. WebGL draws on a canvas, so the tests choose the DOM renderer in the
 * console's Renderer select, as a user can, and read its rows; the WebGL step reads the screen through
 * "Screen reader mode" instead (typed text there is ASCII: xterm.js leaves IME-less text input to the
 * screen reader in that mode, which Playwright's insertText is).
 */
function terminal(page: Page) {
  return page.getByTestId("terminal").locator(".xterm-rows");
}

function accessibleScreen(page: Page) {
  return page.getByTestId("terminal").getByRole("list");
}

async function openConsole(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId("console-status")).toHaveText("Connected");
  await page.getByLabel("Renderer").selectOption("dom");
}

async function typeLine(page: Page, line: string) {
  await page.getByTestId("terminal").click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

test.describe("admin", () => {
  test.use({ storageState: ADMIN_STATE });

  test("opens a root shell, runs commands, resizes, survives a flood, and leaves nothing behind", async ({
    page,
  }, testInfo) => {
    test.setTimeout(4 * 60_000);
    await openConsole(page, `${state.containerPath}/console`);
    // Each check prints something the typed line does not contain, so the echo of typing cannot pass it.
    await typeLine(page, "echo H-$(hostname)");
    await expect(terminal(page)).toContainText("H-console-mine.example.com");
    await typeLine(page, "echo 你好$((1+1))");
    await expect(terminal(page)).toContainText("你好2");
    await typeLine(page, "echo UID-$(id -u)");
    await expect(terminal(page)).toContainText("UID-0");

    await page.setViewportSize({ width: 900, height: 500 });
    await typeLine(page, "stty size; echo SIZE-$((40+2))");
    await expect(terminal(page)).toContainText("SIZE-42");
    const small = (await terminal(page).textContent()) ?? "";
    await page.setViewportSize({ width: 1400, height: 900 });
    await typeLine(page, "clear; stty size; echo SIZE-$((50+3))");
    await expect(terminal(page)).toContainText("SIZE-53");
    const sizes = [small, (await terminal(page).textContent()) ?? ""].map((text) =>
      /(\d+) (\d+)\s*SIZE/.exec(text)?.slice(1, 3).map(Number),
    );
    expect(sizes[0]).toBeDefined();
    expect(sizes[1]?.[1]).toBeGreaterThan(sizes[0]?.[1] ?? 0); // more columns in the wider window
    await testInfo.attach("console", { body: await page.screenshot(), contentType: "image/png" });

    // The WebGL renderer, chosen as a user would (this Chromium has WebGL2 on the CPU, SwiftShader, where
    // Automatic keeps DOM): the shell goes on working, read through the accessible screen, and both
    // choices are remembered for the next visit.
    await page.getByLabel("Renderer").selectOption("webgl");
    await expect(page.getByTestId("console-renderer-note")).toBeHidden();
    await expect(page.getByTestId("terminal").locator("canvas")).not.toHaveCount(0);
    await page.getByRole("checkbox", { name: "Screen reader mode" }).check();
    await typeLine(page, "echo GL-$((2*3))");
    await expect(accessibleScreen(page)).toContainText("GL-6");
    await page.reload();
    await expect(page.getByTestId("console-status")).toHaveText("Connected");
    await expect(page.getByLabel("Renderer")).toHaveValue("webgl");
    await expect(page.getByRole("checkbox", { name: "Screen reader mode" })).toBeChecked();
    await typeLine(page, "echo AGAIN-$((3*3))");
    await expect(accessibleScreen(page)).toContainText("AGAIN-9");
    await page.getByRole("checkbox", { name: "Screen reader mode" }).uncheck();
    await page.getByLabel("Renderer").selectOption("dom");

    // 50 MB of output: the tab stays responsive while it streams, and the output ends.
    await typeLine(page, "clear; yes | head -c 50000000; echo FLOOD-$((6*7))-DONE");
    const stalls: number[] = [];
    const deadline = Date.now() + 150_000;
    while (!(await terminal(page).textContent())?.includes("FLOOD-42-DONE")) {
      const t0 = Date.now();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      stalls.push(Date.now() - t0);
      expect(Date.now()).toBeLessThan(deadline);
      await page.waitForTimeout(200);
    }
    stalls.sort((a, b) => a - b);
    expect(stalls[Math.floor(stalls.length * 0.95)] ?? 0).toBeLessThan(1000);

    // Closing the tab ends the shell's pty: no lxc-attach is left for the node's containers.
    await page.close();
    await expect.poll(() => host.attachProcesses(), { timeout: 15_000 }).toEqual([]);
  });
});

test.describe("customer", () => {
  test("opens their own container's console, and only that", async ({ page, context, baseURL }) => {
    await signInOk(page, state.customer.email, state.customer.password, /\/servers$/);
    await openConsole(page, `/console/${state.containerPath.split("/").pop()}`);
    await typeLine(page, "echo H-$(hostname)");
    await expect(terminal(page)).toContainText("H-console-mine.example.com");

    // The other tenant's console page answers like a missing one.
    const other = state.otherContainerPath.split("/").pop() as string;
    const res = await page.goto(`/console/${other}`);
    expect(res?.status()).toBe(404);

    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const origin = new URL(baseURL as string).origin;
    const wsUrl = (id: string) =>
      `${origin.replace(/^http/, "ws")}/ws/console?container=${id}&cols=80&rows=24`;
    const attempt = (id: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl(id), { headers });
        ws.on("open", () => {
          ws.close();
          resolve(101);
        });
        ws.on("unexpected-response", (_req, r) => resolve(r.statusCode ?? 0));
        ws.on("error", () => resolve(-1));
      });
    const before = host.logLines.length;
    expect(await attempt(other, { cookie, origin })).toBe(404); // another tenant's: like a missing one
    expect(await attempt("cm00000000000000000000000", { cookie, origin })).toBe(404); // missing
    expect(await attempt(other, { origin })).toBe(401); // no session
    expect(
      await attempt(state.containerPath.split("/").pop() as string, {
        cookie,
        origin: "https://evil.example",
      }),
    ).toBe(403);
    // None of the refused sockets got as far as the node.
    expect(host.logLines.slice(before).filter((l) => l.includes("console"))).toEqual([]);
  });
});
