import { ADMIN_STATE, uniqueName } from "./helpers";
import { expect, type Page, test } from "./support/test";

test.use({ storageState: ADMIN_STATE });

/** A /24 and a /64 no other test or earlier run on this database uses (pools may not overlap). */
function uniqueBlocks() {
  const n = (Date.now() / 1000) ^ Math.floor(Math.random() * 0xffff);
  const a = (n >> 8) & 0xff;
  const b = n & 0xff;
  const hex = ((n & 0xfff) | 0x1000).toString(16); // four digits: no leading zero group to compress
  return { v4: `10.${a}.${b}`, v6: `2001:db8:${hex}` };
}

function planNameFor(prefix: string): string {
  // Plan names are vzctl sample names: lower case.
  return uniqueName(prefix).toLowerCase();
}

async function openNewPlanForm(page: Page) {
  await page.goto("/admin/plans");
  return page.getByRole("form", { name: "New plan" });
}

test.describe("plans", () => {
  test("creates a plan typed in human units and sees it listed with those values", async ({
    page,
  }, testInfo) => {
    const name = planNameFor("vps");
    const form = await openNewPlanForm(page);
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Description").fill("Small VPS");
    await form.getByLabel("RAM", { exact: true }).fill("1.5 GiB");
    await form.getByLabel("Swap", { exact: true }).fill("512M");
    await form.getByLabel("CPUs", { exact: true }).fill("2");
    await form.getByLabel("CPU limit (%)").fill("150");
    await form.getByLabel("Disk space (barrier)").fill("10G");
    await form.getByLabel("Disk space (limit)").fill("12 GiB");
    await form.getByLabel("Processes (numproc)").fill("512");
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(form.getByRole("status")).toContainText(`Plan ${name} created.`);

    const row = page.getByRole("table", { name: "Plans" }).getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("1.5 GiB + 512 MiB swap");
    await expect(row).toContainText("10 GiB:12 GiB");
    await expect(row).toContainText("150%");
    await testInfo.attach("plans", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    // Its own page, at a stable address, shows the values back in the same units.
    await row.getByRole("link", { name }).click();
    await expect(page).toHaveURL(/\/admin\/plans\/[^/]+$/);
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    const edit = page.getByRole("form", { name: "Edit plan" });
    await expect(edit.getByLabel("RAM", { exact: true })).toHaveValue("1.5 GiB");
    await expect(edit.getByLabel("Disk space (limit)")).toHaveValue("12 GiB");
    await expect(edit.getByLabel("Inodes (barrier)")).toHaveValue("");
    await expect(page.getByText("No container uses this plan yet.")).toBeVisible();

    await edit.getByLabel("RAM", { exact: true }).fill("2G");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit.getByRole("status")).toHaveText("Changes saved.");
    await page.reload();
    await expect(
      page.getByRole("form", { name: "Edit plan" }).getByLabel("RAM", { exact: true }),
    ).toHaveValue("2 GiB");
  });

  test("says how to fix a limit below its barrier, a too small RAM and a bad name", async ({ page }) => {
    const name = planNameFor("bad");
    const form = await openNewPlanForm(page);
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("RAM", { exact: true }).fill("512 MiB");
    await form.getByLabel("Disk space (barrier)").fill("10G");
    await form.getByLabel("Disk space (limit)").fill("5G");
    await form.getByRole("button", { name: "Create plan" }).click();
    const limit = form.getByLabel("Disk space (limit)");
    await expect(limit).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByRole("alert")).toContainText("limit must be ≥ barrier");
    await expect(form.getByRole("alert")).toContainText("raise the limit, or leave it empty");

    await limit.fill("");
    await form.getByLabel("RAM", { exact: true }).fill("32M");
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(form.getByRole("alert")).toHaveText("RAM must be at least 64 MiB.");

    await form.getByLabel("RAM", { exact: true }).fill("512 MiB");
    await form.getByLabel("Name", { exact: true }).fill("Not A Sample");
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(form.getByRole("alert")).toContainText("Use lower-case letters, digits");
    // Nothing was saved along the way.
    await expect(
      page.getByRole("table", { name: "Plans" }).getByRole("row").filter({ hasText: name }),
    ).toHaveCount(0);
  });

  test("deletes a plan no container uses", async ({ page }) => {
    const name = planNameFor("gone");
    const form = await openNewPlanForm(page);
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("RAM", { exact: true }).fill("256M");
    await form.getByLabel("Disk space (barrier)").fill("2G");
    await form.getByRole("button", { name: "Create plan" }).click();
    await form.getByRole("link", { name: `Open plan ${name}` }).click();
    await page.getByRole("button", { name: "Delete plan" }).click();
    await page.getByRole("button", { name: `Yes, delete plan ${name}` }).click();
    await expect(page).toHaveURL(/\/admin\/plans$/);
    await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  });
});

test.describe("IP pools", () => {
  test("creates an IPv4 and an IPv6 pool, reserves an address and sees used and free counts", async ({
    page,
  }, testInfo) => {
    const blocks = uniqueBlocks();
    const v4Name = uniqueName("pool-v4");
    const v6Name = uniqueName("pool-v6");

    await page.goto("/admin/ip-pools");
    const form = page.getByRole("form", { name: "New IP pool" });
    // A typo in the block is refused with the network meant.
    await form.getByLabel("Name", { exact: true }).fill(v4Name);
    await form.getByLabel("CIDR").fill(`${blocks.v4}.5/24`);
    await form.getByRole("button", { name: "Create pool" }).click();
    await expect(form.getByRole("alert")).toContainText(`the network is ${blocks.v4}.0/24`);

    await form.getByLabel("CIDR").fill(`${blocks.v4}.0/24`);
    await form.getByLabel("Gateway").fill(`${blocks.v4}.1`);
    await form.getByLabel("Nameservers").fill("192.0.2.53, 192.0.2.54");
    await form.getByRole("button", { name: "Create pool" }).click();
    await expect(form.getByRole("status")).toContainText(`IP pool ${v4Name} created.`);

    await form.getByLabel("Name", { exact: true }).fill(v6Name);
    await form.getByLabel("CIDR").fill(`${blocks.v6}:0:0::/64`);
    await form.getByLabel("Gateway").fill("fe80::1");
    await form.getByRole("button", { name: "Create pool" }).click();
    await expect(form.getByRole("status")).toContainText(`IP pool ${v6Name} created.`);

    const table = page.getByRole("table", { name: "IP pools" });
    const v4Row = table.getByRole("row").filter({ hasText: v4Name });
    await expect(v4Row).toContainText(`${blocks.v4}.0/24`);
    await expect(v4Row).toContainText("IPv4");
    await expect(v4Row).toContainText("253"); // 256 minus network, broadcast and gateway
    const v6Row = table.getByRole("row").filter({ hasText: v6Name });
    await expect(v6Row).toContainText(`${blocks.v6}::/64`); // normalised
    await expect(v6Row).toContainText("18,446,744,073,709,551,615"); // counted, never listed
    await testInfo.attach("ip-pools", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    await v4Row.getByRole("link", { name: v4Name }).click();
    await expect(page).toHaveURL(/\/admin\/ip-pools\/[^/]+$/);
    await expect(page.getByRole("heading", { name: v4Name, level: 1 })).toBeVisible();
    const usage = page.getByRole("region", { name: "Usage" }).getByRole("status");
    await expect(usage).toHaveText("0 used, 0 reserved, 253 free of 253");

    const reserve = page.getByRole("form", { name: "Reserve address" });
    await reserve.getByLabel("Address").fill(`${blocks.v4}.255`);
    await reserve.getByRole("button", { name: "Reserve address" }).click();
    await expect(reserve.getByRole("alert")).toContainText("network or broadcast address");

    await reserve.getByLabel("Address").fill(`${blocks.v4}.10`);
    await reserve.getByLabel("Note").fill("load balancer");
    await reserve.getByRole("button", { name: "Reserve address" }).click();
    await expect(reserve.getByRole("status")).toHaveText(`${blocks.v4}.10 reserved.`);
    await expect(usage).toHaveText("0 used, 1 reserved, 252 free of 253");
    const reserved = page.getByRole("list", { name: "Reserved addresses" });
    await expect(reserved).toContainText(`${blocks.v4}.10`);
    await expect(reserved).toContainText("load balancer");
    await expect(page.getByText("No address of this pool is given to a container yet.")).toBeVisible();
    await testInfo.attach("ip-pool", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    await page.goto("/admin/ip-pools");
    await expect(
      page.getByRole("table", { name: "IP pools" }).getByRole("row").filter({ hasText: v4Name }),
    ).toContainText("252");

    await page.getByRole("table", { name: "IP pools" }).getByRole("link", { name: v4Name }).click();
    await page.getByRole("button", { name: `Remove reservation of ${blocks.v4}.10` }).click();
    await expect(page.getByRole("region", { name: "Usage" }).getByRole("status")).toHaveText(
      "0 used, 0 reserved, 253 free of 253",
    );
  });

  test("edits the nodes and nameservers of a pool and deletes it", async ({ page }) => {
    const blocks = uniqueBlocks();
    const name = uniqueName("pool-edit");
    await page.goto("/admin/ip-pools");
    const form = page.getByRole("form", { name: "New IP pool" });
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("CIDR").fill(`${blocks.v4}.0/28`);
    await form.getByRole("button", { name: "Create pool" }).click();
    await form.getByRole("link", { name: `Open IP pool ${name}` }).click();

    const edit = page.getByRole("form", { name: "Edit IP pool" });
    await edit.getByLabel("Nameservers").fill("not-an-ip");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit.getByRole("alert")).toContainText('Nameserver "not-an-ip" is not an IP address');
    await edit.getByLabel("Nameservers").fill("2001:DB8::53");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit.getByRole("status")).toHaveText("Changes saved.");
    await page.reload();
    await expect(page.getByRole("form", { name: "Edit IP pool" }).getByLabel("Nameservers")).toHaveValue(
      "2001:db8::53",
    );

    await page.getByRole("button", { name: "Delete pool" }).click();
    await page.getByRole("button", { name: `Yes, delete pool ${name}` }).click();
    await expect(page).toHaveURL(/\/admin\/ip-pools$/);
    await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  });
});
