import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupTestEnv, cli, makeTestEnv, quiet, type TestEnv } from "./helpers";

// A full OS: runs when BERTH_TEST_DEBIAN_TEMPLATE names a tarball made by `berth-agent template build debian-12`
// (about 3 minutes to build, so it is not rebuilt here).
const tarball = process.env.BERTH_TEST_DEBIAN_TEMPLATE;
let t: TestEnv;

describe.runIf(tarball)("Debian 12 template", () => {
  beforeAll(async () => {
    t = await makeTestEnv();
    await t.driver.templates.add(tarball as string, "debian-12-x86_64-minimal");
  });

  afterAll(async () => {
    await cleanupTestEnv(t);
  });

  it("boots systemd with sshd, takes hostname, resolv.conf and passwords, stops gracefully", async () => {
    const create = await cli(t, [
      "vzctl",
      "create",
      "801",
      "--ostemplate",
      "debian-12-x86_64-minimal",
      "--conf",
      "vswap-512m",
      "--ipadd",
      "10.231.80.2",
      "--hostname",
      "deb.test",
      "--diskspace",
      "2G",
    ]);
    expect(create.code).toBe(0);
    expect((await cli(t, ["vzctl", "set", "801", "--nameserver", "10.231.80.1", "--save"])).code).toBe(0);
    expect((await cli(t, ["vzctl", "start", "801"])).code).toBe(0);
    let state = "";
    for (let i = 0; i < 100 && !/^(running|degraded)/.test(state); i++) {
      state = (await t.driver.exec(801, ["systemctl", "is-system-running"])).stdout.trim();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(state).toMatch(/^(running|degraded)$/);
    expect((await t.driver.exec(801, ["systemctl", "is-active", "ssh"])).stdout.trim()).toBe("active");
    expect((await t.driver.exec(801, ["hostname"])).stdout.trim()).toBe("deb.test");
    expect((await t.driver.exec(801, ["cat", "/etc/resolv.conf"])).stdout).toContain(
      "nameserver 10.231.80.1",
    );
    // Host keys are made in the container, not shipped in the template.
    expect((await t.driver.exec(801, ["ls", "/etc/ssh"])).stdout).toContain("ssh_host_ed25519_key");
    expect(await fs.readdir(path.join(t.dir, "template", "cache"))).toContain(
      "debian-12-x86_64-minimal.tar.gz",
    );
    expect((await cli(t, ["vzctl", "set", "801", "--userpasswd", "alice:s3cret"])).code).toBe(0);
    expect((await t.driver.exec(801, ["getent", "shadow", "alice"])).stdout).toMatch(/^alice:\$/);
    const stop = await cli(t, ["vzctl", "stop", "801"]);
    expect(stop.code).toBe(0);
    expect(await t.driver.isRunning(801)).toBe(false);
    await t.driver.destroy(801, quiet);
  });
});
