import { execFile } from "node:child_process";
import { promisify } from "node:util";
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
const execFileP = promisify(execFile);
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

test.describe("admin, a session's life", () => {
  test.use({ storageState: ADMIN_STATE });

  test("colour and full-screen programs, copy and paste, a lost connection, the container stopping and started again, and the audit log", async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(3 * 60_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    const consolePath = `${state.containerPath}/console`;
    await openConsole(page, consolePath);

    // Colour: SGR 31 is drawn in the palette's red.
    await typeLine(page, "clear; printf '\\033[31mRED-%s\\033[0m\\n' $((2*2))");
    await expect(terminal(page).locator(".xterm-fg-1", { hasText: "RED-4" })).toBeVisible();

    // Full-screen programs: top draws its table and quits on q; vi shows "~" for lines past the end of the
    // file, and what is typed in it is saved.
    await typeLine(page, "top");
    await expect(terminal(page)).toContainText("PPID");
    await page.keyboard.press("q");
    await typeLine(page, "clear; vi /root/note.txt");
    await expect(
      terminal(page)
        .locator(":scope > div")
        .filter({ hasText: /^~\s*$/ })
        .first(),
    ).toBeVisible();
    // vi's status line starts with its mode: "I" inserting, "-" for commands. Escape is read as the start of
    // an escape sequence when more keys follow at once, so the next keys wait for "-", as a person's pause.
    const viStatus = terminal(page).locator(":scope > div").last();
    await page.keyboard.press("i");
    await expect(viStatus).toHaveText(/^I /);
    await page.keyboard.type("written in vi");
    await page.keyboard.press("Escape");
    await expect(viStatus).toHaveText(/^- /);
    await page.keyboard.type(":wq");
    await page.keyboard.press("Enter");
    // vi discards keys that arrive before it has given the terminal back (TCSAFLUSH): ask again until the
    // shell answers.
    await expect(async () => {
      await typeLine(page, "clear; echo NOTE-$(tr ' ' _ < /root/note.txt)");
      await expect(terminal(page)).toContainText("NOTE-written_in_vi", { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });

    // Copy: select a line with the mouse, Ctrl+Shift+C. Paste: Ctrl+Shift+V.
    await typeLine(page, "clear; echo COPY-$((3+4))");
    const copied = terminal(page)
      .locator(":scope > div")
      .filter({ hasText: /^COPY-7\s*$/ });
    const box = await copied.boundingBox();
    if (!box) throw new Error("the COPY line is not drawn");
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.press("Control+Shift+C");
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()).then((t) => t.trim()))
      .toBe("COPY-7");
    await page.evaluate(() => navigator.clipboard.writeText("echo PASTED-$((4+4))"));
    await page.keyboard.press("Control+Shift+V");
    await expect(terminal(page)).toContainText("echo PASTED-$((4+4))");
    await page.keyboard.press("Enter");
    await expect(terminal(page)).toContainText("PASTED-8");

    // A lost connection: the host aborts the browser's sockets to the panel. The console reconnects by
    // itself with a fresh ticket (a second shell on the node), and the first session's lxc-attach is gone.
    const starts = () => host.logLines.filter((l) => l.includes('"event":"console-start"')).length;
    const startsBefore = starts();
    const port = new URL(baseURL as string).port;
    await execFileP("ss", ["-K", "dst", "127.0.0.1", "dport", "=", `:${port}`]);
    await expect.poll(starts, { timeout: 20_000 }).toBeGreaterThan(startsBefore);
    await expect(page.getByTestId("console-status")).toHaveText("Connected");
    await typeLine(page, "clear; echo BACK-$((5+6))");
    await expect(terminal(page)).toContainText("BACK-11");
    await expect.poll(async () => (await host.attachProcesses()).length, { timeout: 15_000 }).toBe(1);

    // The container stops (here by the node's own vzctl): the console says so. Its page then offers Start,
    // and the console opens once the container runs again.
    const ctid = (await page.getByText(/^CTID \d+$/).textContent())?.replace("CTID ", "") ?? "";
    await host.vzctl(["stop", ctid]);
    await expect(page.getByTestId("console-status")).toHaveText("The container stopped.", {
      timeout: 30_000,
    });
    await expect(async () => {
      await page.reload();
      await expect(page.getByText("The container is not running. Start it to open its console.")).toBeVisible(
        {
          timeout: 2_000,
        },
      );
    }).toPass({ timeout: 30_000 });
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByTestId("console-status")).toHaveText("Connected", { timeout: 60_000 });
    await page.getByLabel("Renderer").selectOption("dom");
    await typeLine(page, "echo UP-$((6+7))");
    await expect(terminal(page)).toContainText("UP-13");
    await page.close();

    // Sessions are in the audit log: who opened which container's console, and for how long.
    const audit = await context.newPage();
    await audit.goto("/admin/audit?action=container.console-close");
    await expect(
      audit.getByRole("table").getByRole("row").filter({ hasText: "container.console-close" }).first(),
    ).toBeVisible();
    await audit.goto("/admin/audit?action=container.console-open");
    await expect(
      audit.getByRole("table").getByRole("row").filter({ hasText: "container.console-open" }).first(),
    ).toBeVisible();
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
