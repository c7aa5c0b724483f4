import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ADMIN_STATE, createTenantViaUi, uniqueName } from "./helpers";
import { AgentHost } from "./support/agent-host";
import { expect, type Page, test } from "./support/test";
import {
  createPlanAndPool,
  createRunningContainer,
  enrolNode,
  uniqueTemplateName,
  uploadTestTemplate,
} from "./support/ui-setup";

// An admin moves a running container between two real nodes from its page (near-live), follows the task
// to its end (phase, bytes, measured downtime), then evacuates the node it landed on, and the container
// comes back. A third node that does not serve the container's address pool is refused with the reason.
//
// Nodes A and B share one bridge and subnet (10.231.217.0/24), so one IP pool is routable on both, as a
// migration needs; each has its own agent port and veth prefix (a CTID can exist on both, veth names are
// <prefix><CTID> in the one host network namespace). C has a bridge and subnet of its own.

const execFileP = promisify(execFile);
const TEMPLATE = uniqueTemplateName("mg");
const MARKER = `moved-${Math.random().toString(36).slice(2, 10)}`;

test.use({ storageState: ADMIN_STATE });
test.describe.configure({ mode: "serial" });

const hostA = new AgentHost({ subnet: 217 });
const hostB = new AgentHost({ subnet: 217, port: 17_219, vethPrefix: "vbf" });
const hostC = new AgentHost({ subnet: 218, bridge: "berthe2e1", vethPrefix: "vbg" });
const state = {
  containerPath: "",
  hostname: "",
  ctid: 0,
  addresses: [] as string[],
  nodeA: "",
  nodeB: "",
  nodeC: "",
};

test.beforeAll(async ({ browser }) => {
  test.setTimeout(8 * 60_000);
  for (const h of [hostA, hostB, hostC]) await h.prepare({ withTemplate: false });
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  state.nodeA = uniqueName("mgnode-a").toLowerCase();
  state.nodeB = uniqueName("mgnode-b").toLowerCase();
  state.nodeC = uniqueName("mgnode-c").toLowerCase();
  await enrolNode(page, hostA, state.nodeA);
  await enrolNode(page, hostB, state.nodeB);
  await enrolNode(page, hostC, state.nodeC);
  await uploadTestTemplate(page, TEMPLATE);
  const { plan } = await createPlanAndPool(page, hostA, [state.nodeA, state.nodeB]);
  const tenant = uniqueName("Migration");
  await createTenantViaUi(page, tenant);
  state.hostname = `${uniqueName("mg").toLowerCase()}.example.com`;
  state.containerPath = await createRunningContainer(page, {
    tenant,
    nodeName: state.nodeA,
    template: TEMPLATE,
    plan,
    hostname: state.hostname,
  });
  state.ctid = await ctidOnPage(page, state.nodeA);
  state.addresses = await addressesOnPage(page);
  await page.close();
});

test.afterAll(async () => {
  // Every host, even when one fails to stop: they share a bridge and the machine.
  const results = await Promise.allSettled([hostB.stop(), hostC.stop()]);
  await hostA.stop();
  for (const r of results) if (r.status === "rejected") throw r.reason;
});

/** The CTID in the container page's subtitle ("CTID 101 · node"), once it names `node`. */
async function ctidOnPage(page: Page, node: string): Promise<number> {
  const subtitle = page.getByText(new RegExp(`^CTID \\d+ · ${node}$`));
  await expect(subtitle).toBeVisible();
  return Number(/CTID (\d+)/.exec((await subtitle.textContent()) ?? "")?.[1]);
}

/** Opens the container's console (DOM renderer, so its rows are text) and runs one line in the shell. */
async function runInConsole(page: Page, line: string, expected: string): Promise<void> {
  await page.goto(`${state.containerPath}/console`);
  await expect(page.getByTestId("console-status")).toHaveText("Connected");
  await page.getByLabel("Renderer").selectOption("dom");
  await page.getByTestId("terminal").click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("terminal").locator(".xterm-rows")).toContainText(expected);
}

/** The container's addresses as its page's overview shows them. */
async function addressesOnPage(page: Page): Promise<string[]> {
  const overview = page.getByRole("region", { name: "Overview" });
  return ((await overview.textContent()) ?? "").match(/10\.231\.217\.\d+/g) ?? [];
}

/** Whether the address answers a ping from the host, through the bridge nodes A and B share. */
async function answersPing(address: string): Promise<boolean> {
  return execFileP("busybox", ["ping", "-c", "1", "-W", "1", address]).then(
    () => true,
    () => false,
  );
}

async function ctidsOn(host: AgentHost): Promise<{ ctid: number; status: string }[]> {
  return (await host.vzlist()).map(({ ctid, status }) => ({ ctid, status }));
}

test("an admin migrates a running container near-live to another node and evacuates it back", async ({
  page,
}) => {
  test.setTimeout(6 * 60_000);

  await test.step("a file is written inside the container, through its console", async () => {
    // The check prints what the typed line does not contain, so the echo of typing cannot pass it.
    await runInConsole(page, `echo ${MARKER} > /root/marker.txt; echo WROTE-$((20+22))`, "WROTE-42");
    expect(state.addresses).toHaveLength(1);
    await expect.poll(() => answersPing(state.addresses[0] ?? "")).toBe(true);
  });

  await test.step("a node that does not serve the container's pool is refused, with the reason", async () => {
    await page.goto(state.containerPath);
    const form = page.getByRole("form", { name: "Migrate to another node" });
    const target = form.getByLabel("Target node");
    await expect(target.getByRole("option", { name: state.nodeB, exact: true })).toHaveCount(1);
    const refused = `${state.nodeC} (does not serve this container's address pool)`;
    await expect(target.getByRole("option", { name: refused })).toHaveCount(1);
    await target.selectOption({ label: refused });
    await form.getByRole("radio", { name: /^Near-live/ }).check();
    await form.getByRole("button", { name: "Migrate" }).click();
    await expect(form.getByRole("alert")).toContainText(
      `which node ${state.nodeC} does not serve: its address would not be routable there. Add ${state.nodeC} to that pool, or choose another node.`,
    );
    // Nothing was queued: the container is still on A, with no migration task.
    await expect(page.locator('[data-testid="task"][data-task-type="container.migrate"]')).toHaveCount(0);
    expect(await ctidsOn(hostA)).toContainEqual({ ctid: state.ctid, status: "running" });
  });

  let ctidOnB = 0;
  await test.step("Migrate to B near-live: the task succeeds, its log shows phases, bytes and downtime", async () => {
    await page.goto(state.containerPath);
    const form = page.getByRole("form", { name: "Migrate to another node" });
    await form.getByLabel("Target node").selectOption({ label: state.nodeB });
    await form.getByRole("radio", { name: /^Near-live/ }).check();
    await form.getByRole("button", { name: "Migrate" }).click();
    await expect(form.getByRole("status")).toHaveText("Migration queued: follow it in the Tasks list below.");
    const task = page.locator('[data-testid="task"][data-task-type="container.migrate"]').first();
    await expect(task).toContainText("succeeded", { timeout: 120_000 });

    await task.getByRole("link", { name: "container.migrate" }).click();
    await expect(page.getByRole("heading", { name: "container.migrate" })).toBeVisible();
    await expect(page.getByTestId("task-progress")).toHaveText("100%");
    const log = page.getByRole("list", { name: "Task log" });
    await expect(log).toContainText(`Migrating CT ${state.ctid} from ${state.nodeA} to ${state.nodeB}`);
    // Progress in the log: the phase of each copy and the bytes it moved.
    await expect(log).toContainText(
      new RegExp(`${state.nodeA}: Copied \\(pass 1, container running\\): [\\d.]+ (B|KiB|MiB) of file data`),
    );
    await expect(log).toContainText(
      new RegExp(`${state.nodeA}: Copied \\(final pass, container (frozen|stopped)\\)`),
    );
    await expect(log).toContainText(
      new RegExp(`Moved to ${state.nodeB} as CT \\d+ in [\\d.]+ s, [\\d.]+ MiB sent`),
    );
    const downtime = log.getByText(/Measured downtime: \d+\.\d\d s \(online\)\./);
    await expect(downtime).toBeVisible();
    const figure = (await downtime.textContent())?.replace(/^\S+ /, "") ?? "";
    test.info().annotations.push({ type: "downtime", description: figure });
    console.log(`near-live migration A → B: ${figure}`);

    await page.getByRole("link", { name: state.hostname }).click();
    ctidOnB = await ctidOnPage(page, state.nodeB);
    await expect(page.getByTestId("container-status")).toHaveText("running");
    await expect(
      page.getByRole("region", { name: "Overview" }).getByRole("link", { name: state.nodeB }),
    ).toBeVisible();
    // Its address came along, and the move is no drift of the host's under the panel.
    expect(await addressesOnPage(page)).toEqual(state.addresses);
    await expect(page.getByText("Changed on the host outside the panel")).toHaveCount(0);
  });

  await test.step("on the hosts: running on B, gone from A, and the file came along", async () => {
    expect(await ctidsOn(hostB)).toContainEqual({ ctid: ctidOnB, status: "running" });
    expect((await ctidsOn(hostA)).map((c) => c.ctid)).not.toContain(state.ctid);
    expect((await hostB.vzctl(["exec", String(ctidOnB), "cat", "/root/marker.txt"])).trim()).toBe(MARKER);
    // The address answers from B, through the bridge both nodes share (A no longer has the container).
    await expect.poll(() => answersPing(state.addresses[0] ?? "")).toBe(true);
    // The console follows the container to its new node.
    await runInConsole(page, "echo READ-$(cat /root/marker.txt)-$((6*7))", `READ-${MARKER}-42`);
  });

  await test.step("Evacuate B from its page: the container moves back to A and runs there", async () => {
    await page.goto(state.containerPath);
    await page.getByRole("region", { name: "Overview" }).getByRole("link", { name: state.nodeB }).click();
    await expect(page.getByRole("heading", { name: state.nodeB, level: 1 })).toBeVisible();
    const form = page.getByRole("form", { name: "Evacuate node" });
    await expect(form).toContainText("1 container(s)");
    await form.getByLabel("Mode").selectOption("online");
    const confirm = page.waitForEvent("dialog");
    const submit = form.getByRole("button", { name: "Evacuate" }).click();
    const dialog = await confirm;
    expect(dialog.message()).toBe(`Migrate every container off ${state.nodeB}?`);
    await dialog.accept();
    await submit;
    const card = page.getByRole("region", { name: "Evacuate node" });
    await expect(card.getByText("This node has no containers.")).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText("drained", { exact: true })).toBeVisible();
    const last = card.getByTestId("last-evacuation");
    await expect(last).toContainText("Last evacuation: succeeded");
    await last.getByRole("link", { name: "Open its task" }).click();
    await expect(page.getByRole("heading", { name: "node.evacuate" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Task log" })).toContainText(
      new RegExp(`${state.hostname.replaceAll(".", "\\.")}: moved, downtime \\d+\\.\\d\\d s\\.`),
    );

    await page.goto(state.containerPath);
    await expect(page.getByTestId("container-status")).toHaveText("running");
    const ctidOnA = await ctidOnPage(page, state.nodeA);
    expect(await ctidsOn(hostA)).toContainEqual({ ctid: ctidOnA, status: "running" });
    expect((await ctidsOn(hostB)).map((c) => c.ctid)).not.toContain(ctidOnB);
    expect((await hostA.vzctl(["exec", String(ctidOnA), "cat", "/root/marker.txt"])).trim()).toBe(MARKER);
    expect(await addressesOnPage(page)).toEqual(state.addresses);
    await expect.poll(() => answersPing(state.addresses[0] ?? "")).toBe(true);
  });
});
