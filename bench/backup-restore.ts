// Throughput of the agent's backup (vzdump, stop mode, on a stopped container) and restore (vzrestore) against
// plain `tar -c | zstd` and `zstd -d | tar -x` of the same container image. Run as root from the repo root:
//   bench/backup-restore [iterations] [MiB of data]
// The container holds the test template plus a copy of the host's /usr/share and /usr/lib/x86_64-linux-gnu
// (real files: text, binaries, small and large) cut at the given size. Prints figures; it is not a test.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { BackupStore } from "../agent/src/backups/backup-store";
import { createBackup } from "../agent/src/backups/create-backup";
import { restoreBackup } from "../agent/src/backups/restore-backup";
import { LxcDriver } from "../agent/src/driver/lxc-driver";
import { AgentPaths } from "../agent/src/paths";

const run = promisify(execFile);
const N = Number(process.argv[2] ?? 3);
const MIB = Number(process.argv[3] ?? 600);
const TEMPLATE = "busybox-1.35-x86_64-test";
const CT = 480;
const dir = await fs.mkdtemp(path.join(os.tmpdir(), "berth-bench-backup-"));
const paths = new AgentPaths(dir, path.join(dir, "lxc"));
const driver = new LxcDriver({
  paths,
  network: { mode: "routed", bridge: "berthbench0", bridgeCidr: "10.231.250.1/24", vethPrefix: "vbr" },
});
const store = new BackupStore(paths);
const quiet = () => {};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rawMnt = path.join(dir, "raw-mnt");
const rawOut = path.join(dir, "raw.tar.zst");
/** BENCH_PHASES=1: where each restore's time goes (the agent's log lines, timed from its start), for each run. */
const phases = process.env.BENCH_PHASES === "1";

/** `a | b` without a shell: a's stdout is b's stdin. */
function pipe2(a: [string, string[]], b: [string, string[]], out?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p1 = spawn(a[0], a[1], { stdio: ["ignore", "pipe", "inherit"] });
    const p2 = spawn(b[0], b[1], { stdio: [p1.stdout, out ? "pipe" : "ignore", "inherit"] });
    let done = 0;
    const finish = (code: number | null) => {
      if (code !== 0) reject(new Error(`exit ${code}`));
      else if (++done === 2) resolve();
    };
    if (out && p2.stdout) {
      const ws = require_fs().createWriteStream(out);
      p2.stdout.pipe(ws);
    }
    p1.on("exit", finish);
    p2.on("exit", finish);
  });
}

import * as fsSync from "node:fs";

const require_fs = () => fsSync;

async function fillContainer(): Promise<number> {
  await driver.create(
    CT,
    { ostemplate: TEMPLATE, diskspace: { barrier: 4 * 1024 * 1024, limit: 4 * 1024 * 1024 } },
    quiet,
  );
  await driver.mount(CT, quiet);
  const root = paths.rootfs(CT);
  let left = MIB * 1024 * 1024;
  // Copy host files until the budget is spent (the copy is part of the setup, not measured).
  const walk = async (src: string, dest: string): Promise<void> => {
    for (const e of await fs.readdir(src, { withFileTypes: true }).catch(() => [])) {
      if (left <= 0) return;
      const s = path.join(src, e.name);
      const d = path.join(dest, e.name);
      if (e.isDirectory()) {
        await fs.mkdir(d, { recursive: true });
        await walk(s, d);
      } else if (e.isFile()) {
        const st = await fs.stat(s);
        await fs.copyFile(s, d);
        left -= st.size;
      }
    }
  };
  for (const src of ["/usr/share", "/usr/lib/x86_64-linux-gnu"])
    await walk(src, path.join(root, "data", path.basename(src)));
  await driver.umount(CT, quiet);
  return MIB * 1024 * 1024 - Math.max(0, left);
}

/** The raw side writes its archive durably too (the agent fsyncs an archive before naming it). */
async function rawBackup(): Promise<number> {
  const t0 = performance.now();
  await fs.mkdir(rawMnt, { recursive: true });
  await run("mount", ["-t", "ext4", "-o", "loop,ro,nodev", paths.image(CT), rawMnt]);
  await pipe2(
    ["tar", ["-c", "--numeric-owner", "-C", rawMnt, "-f", "-", "."]],
    ["zstd", ["-q", "-c", "-3", "-T0"]],
    rawOut,
  );
  await run("sync", [rawOut]);
  await run("umount", [rawMnt]);
  return performance.now() - t0;
}

async function rawRestore(): Promise<number> {
  const img = path.join(dir, "raw.img");
  const t0 = performance.now();
  await run("truncate", ["-s", String(4 * 1024 * 1024 * 1024), img]);
  await run("mkfs.ext4", ["-q", "-F", "-m", "0", "-E", "nodiscard,lazy_itable_init=1", img]);
  await run("mount", ["-t", "ext4", "-o", "loop,nodev", img, rawMnt]);
  const t1 = performance.now();
  await pipe2(
    ["zstd", ["-dc", "-q", rawOut]],
    ["tar", ["-x", "--numeric-owner", "-p", "-C", rawMnt, "-f", "-"]],
  );
  const t2 = performance.now();
  await run("umount", [rawMnt]);
  const ms = performance.now() - t0;
  if (phases)
    console.log(
      `  raw restore ${ms.toFixed(0)} ms: mkfs+mount ${(t1 - t0).toFixed(0)}, extract ${(t2 - t1).toFixed(0)}, umount ${(performance.now() - t2).toFixed(0)}`,
    );
  await fs.rm(img);
  return ms;
}

async function agentBackup(): Promise<{ ms: number; archive: string }> {
  const t0 = performance.now();
  const b = await createBackup(driver, CT, { mode: "stop", log: quiet });
  return { ms: performance.now() - t0, archive: b.archive };
}

async function agentRestore(archive: string): Promise<number> {
  const t0 = performance.now();
  const lines: string[] = [];
  const log = phases
    ? (msg: string) => lines.push(`    ${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${msg}`)
    : quiet;
  await restoreBackup(driver, store.file(archive), CT + 1, { keepIps: false, log });
  const ms = performance.now() - t0;
  if (phases) console.log(`  agent restore ${ms.toFixed(0)} ms:\n${lines.join("\n")}`);
  await driver.destroy(CT + 1, quiet);
  return ms;
}

try {
  await driver.init();
  await run("scripts/build-test-template", [paths.templateCache]);
  const bytes = await fillContainer();
  const mb = bytes / 1024 / 1024;
  // Warm-up: page cache for both sides.
  await rawBackup();
  const rb: number[] = [];
  const ab: number[] = [];
  const rr: number[] = [];
  const ar: number[] = [];
  let archiveSize = 0;
  for (let i = 0; i < N; i++) {
    rb.push(await rawBackup());
    const a = await agentBackup();
    ab.push(a.ms);
    archiveSize = (await fs.stat(store.file(a.archive))).size;
    rr.push(await rawRestore());
    ar.push(await agentRestore(a.archive));
    await store.remove(a.archive);
  }
  const f = (ms: number) =>
    `${ms.toFixed(0).padStart(6)} ms  ${(mb / (ms / 1000)).toFixed(0).padStart(4)} MiB/s`;
  console.log(
    `backup and restore of ${mb.toFixed(0)} MiB of files (archive ${(archiveSize / 1024 / 1024).toFixed(0)} MiB), median of ${N}`,
  );
  console.log(`  backup,  tar -c | zstd -3 -T0 (mount ro, sync):      ${f(median(rb))}`);
  console.log(
    `  backup,  agent vzdump --mode stop (stopped CT):       ${f(median(ab))}   throughput ratio ${(median(rb) / median(ab)).toFixed(2)}x (goal >= 0.8x)`,
  );
  console.log(`  restore, mkfs + zstd -d | tar -x:                      ${f(median(rr))}`);
  console.log(
    `  restore, agent vzrestore (checked, hashed):            ${f(median(ar))}   throughput ratio ${(median(rr) / median(ar)).toFixed(2)}x (goal >= 0.8x)`,
  );
} finally {
  for (const ctid of await driver.listCtids().catch(() => [] as number[])) {
    await driver.stop(ctid, { fast: true }, quiet).catch(() => {});
    await driver.destroy(ctid, quiet).catch(() => {});
  }
  const mounts = await fs.readFile("/proc/self/mountinfo", "utf8");
  for (const line of mounts.split("\n")) {
    const mp = line.split(" ")[4];
    if (mp?.startsWith(`${dir}/`)) await run("umount", ["-l", mp]).catch(() => {});
  }
  await driver.cleanupCgroups().catch(() => {});
  await fs.rm(dir, { recursive: true, force: true });
}
