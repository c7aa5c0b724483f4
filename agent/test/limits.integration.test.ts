import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAllBeancounters } from "../src/beancounters/beancounters";
import { hasCapSysResource } from "../src/driver/lxc-driver";
import { cleanupTestEnv, cli, makeTestEnv, quiet, TEST_TEMPLATE, type TestEnv } from "./helpers";

let t: TestEnv;
const CT = 201;

beforeAll(async () => {
  t = await makeTestEnv();
  await t.driver.create(
    CT,
    {
      ostemplate: TEST_TEMPLATE,
      config: "basic",
      ipadd: ["10.231.201.2"],
      hostname: "limits.test",
      diskspace: { barrier: 65536, limit: 65536 },
    },
    quiet,
  );
  await t.driver.start(CT, quiet);
});

afterAll(async () => {
  await cleanupTestEnv(t);
});

const cgFile = (ctrl: string, file: string) =>
  fs.readFile(path.join(t.driver.cgroups.dir(ctrl, CT), file), "utf8").then((s) => s.trim());
const conf = () => fs.readFile(path.join(t.dir, "conf", `${CT}.conf`), "utf8");
const counter = async (resource: string) => {
  const [bc] = await readAllBeancounters(t.driver, [CT]);
  const c = bc?.counters.find((x) => x.resource === resource);
  if (!c) throw new Error(`no ${resource}`);
  return c;
};

describe("live limits", () => {
  it("without --save changes the running container's cgroup only", async () => {
    const r = await cli(t, ["vzctl", "set", String(CT), "--ram", "128M"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("WARNING: Settings were not saved");
    expect(await cgFile("memory", "memory.limit_in_bytes")).toBe(String(128 * 1024 * 1024));
    expect(await conf()).toContain('PHYSPAGES="0:256M"');
  });

  it("with --save changes both the cgroup and the config", async () => {
    const r = await cli(t, [
      "vzctl",
      "set",
      String(CT),
      "--ram",
      "96M",
      "--numproc",
      "300:300",
      "--cpulimit",
      "50",
      "--save",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Saved parameters for Container ${CT}`);
    expect(await cgFile("memory", "memory.limit_in_bytes")).toBe(String(96 * 1024 * 1024));
    expect(await cgFile("pids", "pids.max")).toBe("300");
    expect(await cgFile("cpu", "cpu.cfs_quota_us")).toBe("50000");
    const c = await conf();
    expect(c).toContain('PHYSPAGES="0:24576"');
    expect(c).toContain('NUMPROC="300:300"');
    expect(c).toContain('CPULIMIT="50"');
  });

  it("a memory hog inside raises physpages failcnt and stays inside its limit", async () => {
    await t.driver.set(
      CT,
      { physpages: { barrier: 0, limit: 8192 }, swappages: { barrier: 0, limit: 0 } },
      false,
      quiet,
    );
    const before = await counter("physpages");
    // tail keeps the last lines; /dev/zero has no newline, so it holds everything it reads.
    const r = await t.driver.exec(CT, ["/bin/sh", "-c", "head -c 200m /dev/zero | tail > /dev/null"]);
    expect(r.code).not.toBe(0);
    const after = await counter("physpages");
    expect(after.failcnt).toBeGreaterThan(before.failcnt);
    expect(after.maxheld).toBeLessThanOrEqual(8192);
    await t.driver.set(
      CT,
      { physpages: { barrier: 0, limit: 65536 }, swappages: { barrier: 0, limit: 131072 } },
      false,
      quiet,
    );
  });

  it("a fork bomb inside raises numproc failcnt and is held at the limit", async () => {
    await t.driver.set(CT, { numproc: { barrier: 20, limit: 20 } }, false, quiet);
    const before = await counter("numproc");
    const r = await t.driver.exec(CT, [
      "/bin/sh",
      "-c",
      "i=0; while [ $i -lt 60 ]; do sleep 5 & i=$((i+1)); done",
    ]);
    expect(r.stderr).toMatch(/can't fork|Resource temporarily unavailable|fork/i);
    const after = await counter("numproc");
    expect(after.failcnt).toBeGreaterThan(before.failcnt);
    expect(after.held).toBeLessThanOrEqual(20);
    await t.driver.exec(CT, ["killall", "sleep"]);
    await t.driver.set(CT, { numproc: { barrier: 300, limit: 300 } }, false, quiet);
  });

  it("prints beancounters in /proc/user_beancounters format and JSON", async () => {
    const text = await cli(t, ["beancounters", String(CT)]);
    expect(text.stdout.split("\n")[0]).toBe("Version: 2.5");
    expect(text.stdout).toMatch(new RegExp(`^\\s+${CT}:\\s+kmemsize\\s+\\d+`, "m"));
    for (const r of [
      "physpages",
      "swappages",
      "numproc",
      "privvmpages",
      "numpty",
      "numfile",
      "diskspace",
      "diskinodes",
      "cpu",
    ])
      expect(text.stdout).toContain(r);
    const json = JSON.parse((await cli(t, ["beancounters", "--json"])).stdout);
    expect(json[0].ctid).toBe(CT);
    // The live limit (the hog test put 256M back without --save), not the saved 96M.
    const live = Number(await cgFile("memory", "memory.limit_in_bytes")) / 4096;
    expect(json[0].counters.find((c: { resource: string }) => c.resource === "physpages").limit).toBe(live);
    expect(live).toBe(65536);
  });

  it("a stopped container gets vzctl's message and no change without --save", async () => {
    await t.driver.stop(CT, { fast: true }, quiet);
    const r = await cli(t, ["vzctl", "set", String(CT), "--ram", "64M"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Container is not running");
    expect(await conf()).toContain('PHYSPAGES="0:24576"');
    await t.driver.start(CT, quiet);
  });
});

describe("checkpointing", () => {
  it("suspend says clearly that checkpointing is not supported when criu check fails", async () => {
    const why = await t.driver.criuCheck();
    const r = await cli(t, ["vzctl", "suspend", String(CT)]);
    if (why === null) return; // a host where CRIU works; suspend/resume are exercised elsewhere
    expect(r.code).toBe(150);
    expect(r.stderr).toContain(`Checkpointing is not supported on this host: ${why}`);
    expect(await t.driver.isRunning(CT)).toBe(true);
  });
});

describe("disk", () => {
  it("writing past DISKSPACE fails with No space left; growing online works; shrinking below the data is refused", async () => {
    const fill = await t.driver.exec(CT, ["dd", "if=/dev/zero", "of=/big", "bs=1M", "count=100"]);
    expect(fill.code).not.toBe(0);
    expect(fill.stderr).toContain("No space left on device");
    const dfBefore = await t.driver.exec(CT, ["df", "-k", "/"]);
    const sizeBefore = Number(dfBefore.stdout.split("\n")[1]?.trim().split(/\s+/)[1]);
    const grow = await cli(t, ["vzctl", "set", String(CT), "--diskspace", "256M", "--save"]);
    expect(grow.code).toBe(0);
    if (!hasCapSysResource()) {
      // This host withholds CAP_SYS_RESOURCE, which ext4's online resize needs: the agent says so and
      // grows the file system at the next start.
      expect(grow.stdout).toContain("online resize is not permitted on this host");
      await t.driver.restart(CT, quiet);
    }
    const dfAfter = await t.driver.exec(CT, ["df", "-k", "/"]);
    const sizeAfter = Number(dfAfter.stdout.split("\n")[1]?.trim().split(/\s+/)[1]);
    expect(sizeAfter).toBeGreaterThan(sizeBefore * 3);
    const more = await t.driver.exec(CT, ["dd", "if=/dev/zero", "of=/big", "bs=1M", "count=100"]);
    expect(more.code).toBe(0);
    const shrinkRunning = await cli(t, ["vzctl", "set", String(CT), "--diskspace", "128M", "--save"]);
    expect(shrinkRunning.code).not.toBe(0);
    await t.driver.stop(CT, { fast: true }, quiet);
    const shrinkTooSmall = await cli(t, ["vzctl", "set", String(CT), "--diskspace", "64M", "--save"]);
    expect(shrinkTooSmall.code).toBe(46);
    expect(shrinkTooSmall.stderr).toContain("Unable to shrink");
    expect(await conf()).toContain('DISKSPACE="262144:262144"');
    await t.driver.start(CT, quiet);
  });
});

describe("no shell", () => {
  const evil = [
    "a;touch /tmp/berth-pwned-1",
    "$(touch /tmp/berth-pwned-2)",
    "`touch /tmp/berth-pwned-3`",
    "x' ; touch /tmp/berth-pwned-4 '",
    'x" ; touch /tmp/berth-pwned-5 "',
    "a\ntouch /tmp/berth-pwned-6",
    "-rf",
    "--help",
  ];

  it("refuses hostnames, names, descriptions, IPs and templates with shell syntax or a leading '-'", async () => {
    for (const v of evil) {
      for (const opt of ["--hostname", "--name", "--ipadd", "--searchdomain", "--nameserver"]) {
        const r = await cli(t, ["vzctl", "set", String(CT), opt, v, "--save"]);
        expect(r.code, `${opt} ${JSON.stringify(v)}`).toBe(21);
      }
      const d = await cli(t, ["vzctl", "set", String(CT), "--description", v, "--save"]);
      if (/[`$"\n]/.test(v)) expect(d.code).toBe(21);
      const c = await cli(t, ["vzctl", "create", "299", "--ostemplate", v]);
      expect(c.code).not.toBe(0);
    }
    const u = await cli(t, ["vzctl", "set", String(CT), "--userpasswd", "-oops:pw"]);
    expect(u.code).toBe(21);
    const nl = await cli(t, ["vzctl", "set", String(CT), "--userpasswd", "root:a\nroot2:b"]);
    expect(nl.code).toBe(21);
    const c = await conf();
    expect(c).not.toContain("pwned");
    const inside = await t.driver.exec(CT, ["/bin/sh", "-c", "ls /tmp/berth-pwned-* 2>/dev/null | wc -l"]);
    expect(inside.stdout.trim()).toBe("0");
    for (let i = 1; i <= 6; i++) await expect(fs.stat(`/tmp/berth-pwned-${i}`)).rejects.toThrow();
    expect(await fs.readdir(path.join(t.dir, "private"))).toEqual([`${CT}.img`]);
  });

  it("stores a password with shell syntax literally, through stdin", async () => {
    const password = `p$(touch /tmp/berth-pwned-7)\`id\`;'"x`;
    const r = await cli(t, ["vzctl", "set", String(CT), "--userpasswd", `root:${password}`]);
    expect(r.code).toBe(0);
    const shadow = (await t.driver.exec(CT, ["cat", "/etc/shadow"])).stdout;
    const hash = /^root:([^:]+):/m.exec(shadow)?.[1] ?? "";
    const salt = hash.split("$")[2] ?? "";
    const again = await t.driver.exec(CT, ["mkpasswd", "-m", "sha512", "-P", "0", "-S", salt], {
      input: `${password}\n`,
    });
    expect(again.stdout.trim()).toBe(hash);
    await expect(fs.stat("/tmp/berth-pwned-7")).rejects.toThrow();
    expect(
      (await t.driver.exec(CT, ["/bin/sh", "-c", "ls /tmp/berth-pwned-7 2>/dev/null | wc -l"])).stdout.trim(),
    ).toBe("0");
  });

  it("a description with spaces and punctuation is stored literally", async () => {
    const r = await cli(t, [
      "vzctl",
      "set",
      String(CT),
      "--description",
      "web server; customer #42 (a&b) <c>",
      "--save",
    ]);
    expect(r.code).toBe(0);
    expect(await conf()).toContain('DESCRIPTION="web server; customer #42 (a&b) <c>"');
  });
});
