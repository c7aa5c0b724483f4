// Ratio of the agent's create+start of a container from the test template to the raw commands doing the
// same work (truncate + mkfs.ext4 + mount + untar + lxc-start + wait RUNNING). Run as root from the repo root:
//   bench/agent-create-start [iterations]
// Prints figures; it is not a test.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { LxcDriver } from "../agent/src/driver/lxc-driver";
import { AgentPaths } from "../agent/src/paths";

const run = promisify(execFile);
const N = Number(process.argv[2] ?? 7);
const TEMPLATE = "busybox-1.35-x86_64-test";
const dir = await fs.mkdtemp(path.join(os.tmpdir(), "berth-bench-"));
const paths = new AgentPaths(dir, path.join(dir, "lxc"));
const driver = new LxcDriver({
  paths,
  network: { mode: "routed", bridge: "berthbench0", bridgeCidr: "10.231.250.1/24", vethPrefix: "vbb" },
});
await driver.init();
await run("scripts/build-test-template", [paths.templateCache]);
const tarball = path.join(paths.templateCache, `${TEMPLATE}.tar.gz`);
const quiet = () => {};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function rawOnce(i: number): Promise<number> {
  const name = `raw${i}`;
  const img = path.join(dir, `${name}.img`);
  const root = path.join(dir, name);
  const lxcDir = path.join(dir, "rawlxc", name);
  await fs.mkdir(root, { recursive: true });
  await fs.mkdir(lxcDir, { recursive: true });
  await fs.writeFile(
    path.join(lxcDir, "config"),
    [
      "lxc.include = /usr/share/lxc/config/common.conf",
      "lxc.arch = linux64",
      `lxc.rootfs.path = dir:${root}`,
      "lxc.autodev = 1",
      "lxc.tty.max = 0",
      "lxc.init.cmd = /sbin/init",
      "lxc.signal.halt = SIGUSR2",
      `lxc.cgroup.dir.container = berthbenchraw/${name}`,
      `lxc.cgroup.dir.monitor = berthbenchraw.monitor/${name}`,
      "lxc.net.0.type = veth",
      `lxc.net.0.veth.pair = vbr${i}`,
      "lxc.net.0.flags = up",
      "lxc.net.0.veth.mode = router",
      `lxc.net.0.ipv4.address = 10.231.251.${i + 1}/32`,
      "lxc.net.0.ipv4.gateway = dev",
      "lxc.cgroup.memory.limit_in_bytes = 268435456",
      "lxc.cgroup.pids.max = 512",
      "",
    ].join("\n"),
  );
  const t0 = performance.now();
  await run("truncate", ["-s", String(64 * 1024 * 1024), img]);
  await run("mkfs.ext4", ["-q", "-F", "-m", "0", "-E", "nodiscard,lazy_itable_init=1", img]);
  await run("mount", ["-o", "loop", img, root]);
  await run("tar", ["-xzf", tarball, "--numeric-owner", "-C", root]);
  await run("lxc-start", ["-n", name, "-P", path.join(dir, "rawlxc"), "-d"]);
  await run("lxc-wait", ["-n", name, "-P", path.join(dir, "rawlxc"), "-s", "RUNNING", "-t", "30"]);
  const ms = performance.now() - t0;
  const state = await run("lxc-info", ["-n", name, "-P", path.join(dir, "rawlxc"), "-s", "-H"]);
  if (state.stdout.trim() !== "RUNNING") throw new Error(`raw container ${name} is not running`);
  await run("lxc-stop", ["-n", name, "-P", path.join(dir, "rawlxc"), "-k"]);
  await run("umount", [root]);
  await fs.rm(img);
  return ms;
}

async function agentOnce(i: number): Promise<number> {
  const ctid = 1000 + i;
  const t0 = performance.now();
  // As the API runs container.create with start: true: one lock, no unmount and remount in between.
  await driver.create(
    ctid,
    {
      ostemplate: TEMPLATE,
      config: "basic",
      ipadd: [`10.231.252.${i + 1}`],
      diskspace: { barrier: 65536, limit: 65536 },
      start: true,
    },
    quiet,
  );
  const ms = performance.now() - t0;
  if (!(await driver.isRunning(ctid))) throw new Error(`container ${ctid} is not running after create+start`);
  await driver.stop(ctid, { fast: true }, quiet);
  await driver.destroy(ctid, quiet);
  return ms;
}

async function cliOnce(i: number): Promise<number> {
  const ctid = 2000 + i;
  const env = {
    ...process.env,
    BERTH_AGENT_DATA: dir,
    BERTH_LXC_PATH: paths.lxcPath,
    BERTH_VETH_PREFIX: "vbc",
  };
  const t0 = performance.now();
  await run(
    process.execPath,
    [
      "agent/bin/berth-agent.mjs",
      "vzctl",
      "create",
      String(ctid),
      "--ostemplate",
      TEMPLATE,
      "--diskspace",
      "64M",
    ],
    { env },
  );
  await run(process.execPath, ["agent/bin/berth-agent.mjs", "vzctl", "start", String(ctid)], { env });
  const ms = performance.now() - t0;
  if (!(await driver.isRunning(ctid))) throw new Error(`container ${ctid} is not running after vzctl start`);
  await driver.stop(ctid, { fast: true }, quiet);
  await driver.destroy(ctid, quiet);
  return ms;
}

try {
  // One warm-up each so page cache and module loading do not favour either side.
  await rawOnce(99);
  await agentOnce(99);
  const raw: number[] = [];
  const agent: number[] = [];
  const cliMs: number[] = [];
  for (let i = 0; i < N; i++) {
    raw.push(await rawOnce(i));
    agent.push(await agentOnce(i));
    cliMs.push(await cliOnce(i));
  }
  const r = median(raw);
  const a = median(agent);
  const c = median(cliMs);
  console.log(`create+start, test template, median of ${N}`);
  console.log(
    `  raw commands (truncate+mkfs+mount+untar+lxc-start+wait):                 ${r.toFixed(0)} ms`,
  );
  console.log(
    `  agent driver (create with start, as serve runs it):                      ${a.toFixed(0)} ms   ratio ${(a / r).toFixed(2)}x (goal <= 1.2x)`,
  );
  console.log(
    `  vzctl CLI (create, then start: two processes, node start-up included): ${c.toFixed(0)} ms   ratio ${(c / r).toFixed(2)}x`,
  );
} finally {
  for (const n of await fs.readdir(path.join(dir, "rawlxc")).catch(() => [] as string[])) {
    await run("lxc-stop", ["-n", n, "-P", path.join(dir, "rawlxc"), "-k"]).catch(() => {});
  }
  for (const ctid of await driver.listCtids()) {
    await driver.stop(ctid, { fast: true }, quiet).catch(() => {});
    await driver.destroy(ctid, quiet).catch(() => {});
  }
  const mounts = await fs.readFile("/proc/self/mountinfo", "utf8");
  for (const line of mounts.split("\n")) {
    const mp = line.split(" ")[4];
    if (mp?.startsWith(`${dir}/`)) await run("umount", ["-l", mp]).catch(() => {});
  }
  await driver.cleanupCgroups();
  for (const base of await fs.readdir("/sys/fs/cgroup")) {
    for (const p of ["berthbenchraw", "berthbenchraw.monitor"]) {
      const d = path.join("/sys/fs/cgroup", base, p);
      for (const c of await fs.readdir(d).catch(() => [] as string[]))
        await fs.rmdir(path.join(d, c)).catch(() => {});
      await fs.rmdir(d).catch(() => {});
    }
  }
  await fs.rm(dir, { recursive: true, force: true });
}
