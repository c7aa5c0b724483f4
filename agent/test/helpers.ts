import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { LxcDriver } from "../src/driver/lxc-driver";
import { AgentPaths } from "../src/paths";

// Integration tests run real LXC as root in a temporary data dir with its own lxcpath, veth prefix and
// cgroup parent, and clean up after themselves even when a test fails (see cleanupTestEnv).

const execFileP = promisify(execFile);
export const REPO = path.resolve(import.meta.dirname, "..", "..");
export const BIN = path.join(REPO, "agent", "bin", "berth-agent.mjs");
export const TEST_TEMPLATE = "busybox-1.35-x86_64-test";

export type TestEnv = { dir: string; env: NodeJS.ProcessEnv; driver: LxcDriver; bridges: string[] };

export async function makeTestEnv(opts: { bridged?: boolean } = {}): Promise<TestEnv> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "berth-test-"));
  const cache = path.join(dir, "template", "cache");
  await execFileP(path.join(REPO, "scripts", "build-test-template"), [cache]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BERTH_AGENT_DATA: dir,
    BERTH_LXC_PATH: path.join(dir, "lxc"),
    BERTH_VETH_PREFIX: "vbt",
    BERTH_NET_MODE: opts.bridged ? "bridged" : "routed",
    BERTH_BRIDGE: "berthtest0",
    BERTH_BRIDGE_CIDR: "10.231.200.1/24",
  };
  const paths = new AgentPaths(dir, path.join(dir, "lxc"));
  const driver = new LxcDriver({
    paths,
    network: {
      mode: opts.bridged ? "bridged" : "routed",
      bridge: "berthtest0",
      bridgeCidr: "10.231.200.1/24",
      vethPrefix: "vbt",
    },
  });
  await driver.init();
  return { dir, env, driver, bridges: opts.bridged ? ["berthtest0"] : [] };
}

/** Stops every container of the env, unmounts, detaches loops, removes the dir, cgroups and bridges. */
export async function cleanupTestEnv(t: TestEnv | undefined): Promise<void> {
  if (!t) return;
  const lxcPath = path.join(t.dir, "lxc");
  const names = await fs.readdir(lxcPath).catch(() => [] as string[]);
  for (const n of names) await execFileP("lxc-stop", ["-n", n, "-P", lxcPath, "-k"]).catch(() => {});
  const mounts = await fs.readFile("/proc/self/mountinfo", "utf8");
  for (const line of mounts.split("\n")) {
    const mp = line.split(" ")[4];
    if (mp?.startsWith(`${t.dir}/`)) await execFileP("umount", ["-l", mp]).catch(() => {});
  }
  const loops = await execFileP("losetup", ["-a", "-O", "NAME,BACK-FILE", "-n"]).catch(() => ({
    stdout: "",
  }));
  for (const line of loops.stdout.split("\n")) {
    const [dev, file] = line.trim().split(/\s+/);
    if (dev && file?.startsWith(`${t.dir}/`)) await execFileP("losetup", ["-d", dev]).catch(() => {});
  }
  await t.driver.cleanupCgroups().catch(() => {});
  for (const b of t.bridges)
    if (existsSync(`/sys/class/net/${b}`)) await execFileP("ip", ["link", "del", b]).catch(() => {});
  await fs.rm(t.dir, { recursive: true, force: true });
}

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs berth-agent as a separate process, as an operator would. */
export function cli(
  t: TestEnv,
  args: string[],
  opts: { input?: string; argv0?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.argv0 ?? BIN, ...args], {
      env: t.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

export async function loopsOf(dir: string): Promise<string[]> {
  const loops = await execFileP("losetup", ["-a", "-O", "NAME,BACK-FILE", "-n"]);
  return loops.stdout
    .split("\n")
    .filter((l) => l.includes(`${dir}/`))
    .map((l) => l.trim());
}

export async function mountsUnder(dir: string): Promise<string[]> {
  const mounts = await fs.readFile("/proc/self/mountinfo", "utf8");
  return mounts
    .split("\n")
    .map((l) => l.split(" ")[4] ?? "")
    .filter((mp) => mp.startsWith(`${dir}/`));
}

export const quiet = () => {};
