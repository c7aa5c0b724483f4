import fs from "node:fs/promises";
import path from "node:path";
import * as pty from "node-pty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BIN,
  cleanupTestEnv,
  cli,
  loopsOf,
  makeTestEnv,
  mountsUnder,
  TEST_TEMPLATE,
  type TestEnv,
} from "./helpers";

// The vzctl session of shared/seed/openvz-guide.zh.txt, run verbatim through the CLI (as `vzctl`, a
// symlink to berth-agent), with our test template in place of centos-5.

let t: TestEnv;
let vzctl: string;
let vzlist: string;

beforeAll(async () => {
  t = await makeTestEnv();
  const bin = path.join(t.dir, "bin");
  await fs.mkdir(bin);
  vzctl = path.join(bin, "vzctl");
  vzlist = path.join(bin, "vzlist");
  await fs.symlink(BIN, vzctl);
  await fs.symlink(BIN, vzlist);
});

afterAll(async () => {
  await cleanupTestEnv(t);
});

function enter(ctid: string, input: string): Promise<string> {
  return new Promise((resolve) => {
    const p = pty.spawn(process.execPath, [vzctl, "enter", ctid], {
      env: t.env as Record<string, string>,
      cols: 120,
      rows: 30,
    });
    let out = "";
    p.onData((d) => {
      out += d;
      if (out.includes("# ") && input) {
        p.write(input);
        input = "";
      }
    });
    p.onExit(() => resolve(out));
  });
}

describe("seed session", () => {
  it("runs as written in the OpenVZ guide", async () => {
    const create = await cli(
      t,
      [
        "create",
        "101",
        "--ostemplate",
        TEST_TEMPLATE,
        "--conf",
        "basic",
        "--ipadd",
        "199.199.199.199",
        "--hostname",
        "mynew.container.com",
      ],
      { argv0: vzctl },
    );
    expect(create.stderr).toBe("");
    expect(create.code).toBe(0);
    expect(create.stdout).toContain("Creating container private area");
    expect(create.stdout).toContain("Container private area was created");

    const set = await cli(
      t,
      [
        "set",
        "101",
        "--name",
        "mynew",
        "--nameserver",
        "205.171.2.65 205.171.3.65",
        "--diskspace",
        "10G:10G",
        "--save",
      ],
      { argv0: vzctl },
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("Saved parameters for Container 101");
    const conf = await fs.readFile(path.join(t.dir, "conf", "101.conf"), "utf8");
    expect(conf).toContain('NAME="mynew"');
    expect(conf).toContain('NAMESERVER="205.171.2.65 205.171.3.65"');
    expect(conf).toContain('DISKSPACE="10485760:10485760"');
    const img = await fs.stat(path.join(t.dir, "private", "101.img"));
    expect(img.size).toBe(10 * 1024 ** 3);

    const start = await cli(t, ["start", "101"], { argv0: vzctl });
    expect(start.code).toBe(0);
    expect(start.stdout).toContain("Starting container...");
    expect(start.stdout).toContain("Container start in progress...");

    const hostname = await cli(t, ["exec", "101", "hostname"], { argv0: vzctl });
    expect(hostname.stdout.trim()).toBe("mynew.container.com");
    const resolv = await cli(t, ["exec", "101", "cat", "/etc/resolv.conf"], { argv0: vzctl });
    expect(resolv.stdout).toContain("nameserver 205.171.2.65\nnameserver 205.171.3.65");
    const df = await cli(t, ["exec", "101", "df", "-k", "/"], { argv0: vzctl });
    const blocks = Number(df.stdout.split("\n")[1]?.trim().split(/\s+/)[1]);
    // ext4 keeps ~2% for its own metadata; the rest of the 10G image is the container's.
    expect(blocks).toBeGreaterThan(10 * 1024 * 1024 * 0.95);
    expect(blocks).toBeLessThanOrEqual(10 * 1024 * 1024);
    const ip = await cli(t, ["exec", "101", "ip", "-4", "addr", "show", "eth0"], { argv0: vzctl });
    expect(ip.stdout).toContain("199.199.199.199");

    // Names stand in for CTIDs.
    const byName = await cli(t, ["status", "mynew"], { argv0: vzctl });
    expect(byName.stdout.trim()).toBe("CTID 101 exist mounted running");
    const list = await cli(t, [], { argv0: vzlist });
    expect(list.stdout).toMatch(/^\s+CTID\s+NPROC\s+STATUS\s+IP_ADDR\s+HOSTNAME/);
    expect(list.stdout).toMatch(/101\s+\d+ running\s+199\.199\.199\.199 mynew\.container\.com/);

    const session = await enter("101", "echo inside-$((6*7)); hostname; exit\n");
    expect(session).toContain("inside-42");
    expect(session).toContain("mynew.container.com");

    const shadowBefore = (await cli(t, ["exec", "101", "cat", "/etc/shadow"], { argv0: vzctl })).stdout;
    const pw = await cli(t, ["set", "101", "--userpasswd", "user:password", "--save"], { argv0: vzctl });
    expect(pw.code).toBe(0);
    const shadowAfter = (await cli(t, ["exec", "101", "cat", "/etc/shadow"], { argv0: vzctl })).stdout;
    expect(shadowAfter).not.toBe(shadowBefore);
    expect(shadowAfter).toMatch(/^user:\$6\$[^:]+:/m);
    expect(await fs.readFile(path.join(t.dir, "conf", "101.conf"), "utf8")).not.toContain("password");

    const destroyRunning = await cli(t, ["destroy", "101"], { argv0: vzctl });
    expect(destroyRunning.code).toBe(32);
    expect(destroyRunning.stderr).toContain("Container is currently running. Stop it first.");

    const stop = await cli(t, ["stop", "101"], { argv0: vzctl });
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain("Container was stopped");
    const execStopped = await cli(t, ["exec", "101", "true"], { argv0: vzctl });
    expect(execStopped.code).toBe(31);
    expect(execStopped.stderr).toContain("Container is not running");

    const destroy = await cli(t, ["destroy", "101"], { argv0: vzctl });
    expect(destroy.code).toBe(0);
    expect(destroy.stdout).toContain("Container private area was destroyed");
    expect(await loopsOf(t.dir)).toEqual([]);
    expect(await mountsUnder(t.dir)).toEqual([]);
    expect(await fs.readdir(path.join(t.dir, "private"))).toEqual([]);
  });
});
