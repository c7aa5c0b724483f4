import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupTestEnv, cli, makeTestEnv, quiet, TEST_TEMPLATE, type TestEnv } from "./helpers";

let t: TestEnv;

beforeAll(async () => {
  t = await makeTestEnv();
  await t.driver.create(
    701,
    {
      ostemplate: TEST_TEMPLATE,
      hostname: "b.test",
      name: "bravo",
      ipadd: ["10.231.70.1"],
      diskspace: { barrier: 16384, limit: 16384 },
    },
    quiet,
  );
  await t.driver.create(
    702,
    {
      ostemplate: TEST_TEMPLATE,
      hostname: "a.test",
      name: "alpha",
      diskspace: { barrier: 16384, limit: 16384 },
    },
    quiet,
  );
  await t.driver.start(701, quiet);
});

afterAll(async () => {
  await cleanupTestEnv(t);
});

describe("vzlist and vzsplit", () => {
  it("lists running containers by default, all with -a, and honours -H -o -s -j -1", async () => {
    const running = await cli(t, ["vzlist"]);
    expect(running.stdout).toContain("701");
    expect(running.stdout).not.toContain("702");
    const all = await cli(t, ["vzlist", "-a", "-H", "-o", "ctid,name,status,hostname", "-s", "name"]);
    expect(
      all.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.trim().split(/\s+/)),
    ).toEqual([
      ["702", "alpha", "stopped", "a.test"],
      ["701", "bravo", "running", "b.test"],
    ]);
    const rev = await cli(t, ["vzlist", "-a", "-H", "-1", "-s", "-ctid"]);
    expect(
      rev.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.trim()),
    ).toEqual(["702", "701"]);
    const json = JSON.parse((await cli(t, ["vzlist", "-a", "-j"])).stdout);
    expect(json.map((c: { ctid: number; status: string }) => [c.ctid, c.status])).toEqual([
      [701, "running"],
      [702, "stopped"],
    ]);
    const byName = await cli(t, ["vzlist", "-H", "-o", "ctid", "alpha"]);
    expect(byName.stdout.trim()).toBe("702");
    expect((await cli(t, ["vzlist", "-o", "bogus"])).code).not.toBe(0);
  });

  it("exec passes the command's exit code back (exec2) or vzctl's 8 (exec)", async () => {
    expect((await cli(t, ["vzctl", "exec2", "701", "exit 5"])).code).toBe(5);
    expect((await cli(t, ["vzctl", "exec", "701", "exit 5"])).code).toBe(8);
    const out = await cli(t, ["vzctl", "exec", "bravo", "echo", "$((2+3))"]);
    expect(out.stdout.trim()).toBe("5");
  });

  it("vzsplit writes a sample that create --conf takes", async () => {
    const r = await cli(t, ["vzsplit", "-n", "50", "-f", "fifty"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ve-fifty.conf-sample was created");
    const sample = await fs.readFile(path.join(t.dir, "conf", "ve-fifty.conf-sample"), "utf8");
    expect(sample).toMatch(/PHYSPAGES="0:\d+"/);
    expect((await cli(t, ["vzsplit", "-n", "50", "-f", "fifty"])).code).not.toBe(0);
    expect((await cli(t, ["vzsplit", "-n", "50", "-f", "../evil"])).code).not.toBe(0);
    await t.driver.set(702, { applyconfig: "fifty" }, true, quiet);
    const conf = await fs.readFile(path.join(t.dir, "conf", "702.conf"), "utf8");
    expect(conf).toContain(sample.match(/PHYSPAGES="[^"]+"/)?.[0] ?? "missing");
  });
});
