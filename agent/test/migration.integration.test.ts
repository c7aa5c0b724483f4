// vzmigrate between two agents on this machine (separate data dirs, lxcpaths, veth prefixes, ports, node ids
// and keys): offline by the command line, near-live by the signed command with a counter running inside,
// the destination killed in the middle, pre-check refusals, and tickets that are tampered with or replayed.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATION_HEADER } from "../protocol/migration";
import { generateSigningKeyPair, keyIdOf, signRequest } from "../protocol/signing";
import { cli } from "./helpers";
import {
  agentUrl,
  cleanupNode,
  isRunning,
  issueTicket,
  makeContainer,
  makeNode,
  migrate,
  startNode,
  stopNode,
  type TestNode,
  traces,
  vz,
} from "./migration-helpers";

const execFileP = promisify(execFile);

let src: TestNode;
let dst: TestNode;

beforeAll(async () => {
  src = await makeNode("node-mig-src", "vms");
  dst = await makeNode("node-mig-dst", "vmd");
  await startNode(src);
  await startNode(dst);
});

afterAll(async () => {
  await execFileP("umount", ["-l", path.join(dst.t.dir, "private")]).catch(() => {});
  await cleanupNode(src);
  await cleanupNode(dst);
});

function confOf(n: TestNode, ctid: number): Promise<string> {
  return fs.readFile(path.join(n.t.dir, "conf", `${ctid}.conf`), "utf8");
}

function lines(op: { log: { line: string }[] }): string {
  return op.log.map((l) => l.line).join("\n");
}

describe("offline migration (command line: migration-ticket on the destination, vzmigrate on the source)", () => {
  it("moves the files and the config, runs it there and removes it here", async () => {
    const CT = 301;
    await makeContainer(src, CT, { ip: "10.231.210.11" });
    await fs.writeFile(
      path.join(src.t.dir, "root", String(CT), "root", "hello.txt"),
      "written before the move\n",
    );
    await fs.mkdir(path.join(src.t.dir, "root", String(CT), "srv", "data"), { recursive: true });
    await fs.writeFile(
      path.join(src.t.dir, "root", String(CT), "srv", "data", "big.bin"),
      Buffer.alloc(3 << 20, 7),
    );
    const before = await confOf(src, CT);

    const key = (await fs.readFile(path.join(src.t.dir, "agent", "agent-key.pub"), "utf8")).trim();
    const tk = await cli(dst.t, [
      "migration-ticket",
      "--ctid",
      String(CT),
      "--source-node",
      src.nodeId,
      "--source-key",
      key,
    ]);
    expect(tk.code, tk.stderr).toBe(0);
    const ticketFile = path.join(src.t.dir, "ticket.json");
    await fs.writeFile(ticketFile, tk.stdout, { mode: 0o600 });

    const r = await cli(src.t, ["vzmigrate", "--ticket", ticketFile, agentUrl(dst), String(CT)]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/Pre-checks passed/);
    expect(r.stdout).toMatch(/Container is running on the destination/);
    expect(r.stdout).toMatch(/downtime_ms=\d+/);

    expect(await isRunning(dst, CT)).toBe(true);
    expect(await vz(dst, ["exec", String(CT), "cat /root/hello.txt"])).toBe("written before the move\n");
    expect(await vz(dst, ["exec", String(CT), "hostname"])).toBe(`mig${CT}.test\n`);
    expect(await vz(dst, ["exec", String(CT), "ip -4 addr show eth0"])).toContain("10.231.210.11");
    const after = await confOf(dst, CT);
    for (const k of ["HOSTNAME", "IP_ADDRESS", "PHYSPAGES", "NUMPROC", "DISKSPACE"]) {
      const line = before.split("\n").find((l) => l.startsWith(`${k}=`));
      expect(line, k).toBeDefined();
      expect(after).toContain(line);
    }
    // Same disk size, and the limits applied: cgroup memory limit of 192M.
    const imgSrcSize = 256 * 1024 * 1024;
    expect((await fs.stat(path.join(dst.t.dir, "private", `${CT}.img`))).size).toBe(imgSrcSize);
    const bc = await cli(dst.t, ["beancounters", "--json", String(CT)]);
    expect(bc.stdout).toContain(String((192 * 1024 * 1024) / 4096));
    // Gone from the source, nothing left there.
    expect(await traces(src, CT)).toEqual([]);
    // The ticket is spent: a second run with it is refused.
    await makeContainer(src, 311, { ip: "10.231.210.31", start: false });
    const again = await cli(src.t, ["vzmigrate", "--ticket", ticketFile, agentUrl(dst), "311"]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already used/);
    await vz(src, ["destroy", "311"]);
  });
});

describe("near-live migration (signed command), a counter written every 10 ms inside", () => {
  it("keeps every count and reports the downtime the counter saw", async () => {
    const CT = 302;
    await makeContainer(src, CT, { ip: "10.231.210.12", start: false });
    const root = path.join(src.t.dir, "root", String(CT));
    await vz(src, ["mount", String(CT)]);
    await fs.writeFile(
      path.join(root, "root", "counter.sh"),
      [
        "#!/bin/sh",
        "n=$(tail -n 1 /root/counter 2>/dev/null | cut -d ' ' -f 1)",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell default, not a template
        "n=${n:-0}",
        "while true; do",
        "  n=$((n + 1))",
        "  read up rest < /proc/uptime",
        '  echo "$n $up" >> /root/counter',
        "  usleep 10000",
        "done",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    await fs.appendFile(path.join(root, "etc", "inittab"), "::respawn:/root/counter.sh\n");
    // Some data, so that the first pass has something to move while the counter runs.
    await fs.writeFile(path.join(root, "root", "data.bin"), Buffer.alloc(32 << 20, 1));
    await vz(src, ["umount", String(CT)]);
    await vz(src, ["start", String(CT)]);
    await new Promise((r) => setTimeout(r, 1000));

    const op = await migrate(src, dst, CT, { mode: "online" });
    expect(op.status, `${lines(op)}\n${op.error?.message}`).toBe("succeeded");
    const result = op.result as { downtimeMs: number; passes: unknown[]; mode: string };
    expect(result.mode).toBe("online");
    expect(result.passes.length).toBeGreaterThanOrEqual(3);
    expect(lines(op)).toMatch(/Copied \(pass 1, container running\)/);
    expect(lines(op)).toMatch(/Downtime: /);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await isRunning(dst, CT)).toBe(true);

    const text = await fs.readFile(path.join(dst.t.dir, "root", String(CT), "root", "counter"), "utf8");
    const rows = text
      .trim()
      .split("\n")
      .map((l) => l.split(" ").map(Number) as [number, number]);
    let gap = 0;
    for (let i = 1; i < rows.length; i++) {
      const [n0, t0] = rows[i - 1] as [number, number];
      const [n1, t1] = rows[i] as [number, number];
      expect(n1, `line ${i}`).toBe(n0 + 1); // no count lost, none repeated: the final pass copied it all
      gap = Math.max(gap, t1 - t0);
    }
    const gapMs = Math.round(gap * 1000);
    if (process.env.BERTH_TEST_VERBOSE) for (const l of op.log) process.stdout.write(`${l.at} ${l.line}\n`);
    process.stdout.write(
      `near-live migration: agent-measured downtime ${result.downtimeMs} ms, counter gap ${gapMs} ms, ${rows.length} counts\n`,
    );
    expect(gapMs).toBeGreaterThan(0);
    // The counter's gap lies within the stop → running window the agent reports (plus the restart of init).
    expect(gapMs).toBeLessThan(result.downtimeMs + 3000);
    expect(await traces(src, CT)).toEqual([]);
  });
});

describe("failure in the middle: the destination agent is killed during the copy", () => {
  it("leaves the container running on the source and nothing on the destination", async () => {
    const CT = 303;
    await makeContainer(src, CT, { ip: "10.231.210.13", diskspace: "1G" });
    const root = path.join(src.t.dir, "root", String(CT));
    await execFileP("dd", [
      "if=/dev/urandom",
      `of=${path.join(root, "root", "random.bin")}`,
      "bs=1M",
      "count=400",
    ]);
    const beforeSum = (await execFileP("sha256sum", [path.join(root, "root", "random.bin")])).stdout.split(
      " ",
    )[0];

    const dstAgent = dst.agent;
    const killer = (async () => {
      // As soon as the destination runs its rsync server for this container, kill its agent.
      for (let i = 0; i < 600; i++) {
        const ps = await execFileP("pgrep", ["-f", "^rsync --server"]).catch(() => ({ stdout: "" }));
        const pids = ps.stdout.split("\n").filter(Boolean);
        for (const pid of pids) {
          const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => "");
          if (cwd === path.join(dst.t.dir, "root", String(CT))) {
            await new Promise((r) => setTimeout(r, 200));
            dstAgent?.child.kill("SIGKILL");
            return true;
          }
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return false;
    })();
    const op = await migrate(src, dst, CT, { mode: "offline" });
    expect(await killer).toBe(true);
    expect(op.status).toBe("failed");
    expect(lines(op)).toMatch(/Starting the container on the source again/);
    expect(await isRunning(src, CT)).toBe(true);
    const afterSum = (await execFileP("sha256sum", [path.join(root, "root", "random.bin")])).stdout.split(
      " ",
    )[0];
    expect(afterSum).toBe(beforeSum);

    // The killed agent could not clean up; started again, it removes what the migration made.
    if (dst.agent) await dst.agent.exited;
    dst.agent = undefined;
    await startNode(dst);
    expect(await traces(dst, CT)).toEqual([]);
    const restarted = dst.agent as { logs: () => string } | undefined;
    expect(restarted?.logs()).toMatch(/"event":"migration-recovered"/);
  });
});

describe("the destination agent dies as it starts the container (the switch)", () => {
  /** Kills the destination's agent as soon as CT runs there: its answer to the switch may never come. */
  function killDestinationWhenRunning(ct: number): Promise<boolean> {
    const dstAgent = dst.agent;
    return (async () => {
      for (let i = 0; i < 3000; i++) {
        const st = await execFileP("lxc-info", [
          "-n",
          String(ct),
          "-P",
          path.join(dst.t.dir, "lxc"),
          "-s",
        ]).catch(() => ({ stdout: "" }));
        if (/RUNNING/.test(st.stdout)) {
          dstAgent?.child.kill("SIGKILL");
          return true;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return false;
    })();
  }

  async function restartSourceWithFenceWait(seconds: number) {
    await stopNode(src);
    src.t.env.BERTH_MIGRATION_FENCE_WAIT_SEC = String(seconds);
    await startNode(src);
  }

  it("a destination back within the wait decides: the container runs on exactly one node", async () => {
    const CT = 307;
    await makeContainer(src, CT, { ip: "10.231.210.17" });
    await restartSourceWithFenceWait(20);
    const killer = killDestinationWhenRunning(CT);
    const port = dst.agent?.port;
    const restarter = killer.then(async (killed) => {
      if (!killed) return;
      if (dst.agent) await dst.agent.exited;
      dst.agent = undefined;
      await new Promise((r) => setTimeout(r, 2_000));
      await startNode(dst, port); // as its service manager would, on its port
    });
    const op = await migrate(src, dst, CT, { mode: "online" });
    expect(await killer).toBe(true);
    await restarter;
    const here = await isRunning(src, CT);
    const there = await isRunning(dst, CT);
    console.log(`switch lost: migration ${op.status}; runs on the ${there ? "destination" : "source"}`);
    // Never both, never neither: the restarted destination either kept the finished switch or rolled it back.
    expect([here, there].filter(Boolean)).toHaveLength(1);
    if (op.status === "succeeded") {
      expect(there).toBe(true);
      expect(await traces(src, CT)).toEqual([]);
    } else {
      expect(here).toBe(true);
      expect(await traces(dst, CT)).toEqual([]);
      expect(lines(op)).toMatch(/did not answer the switch/);
      await vz(src, ["stop", String(CT)]);
      await vz(src, ["destroy", String(CT)]);
    }
    if (there) {
      await vz(dst, ["stop", String(CT)]);
      await vz(dst, ["destroy", String(CT)]);
    }
  });

  it("a destination that stays silent leaves the container stopped here and off at boot, never running twice", async () => {
    const CT = 308;
    await makeContainer(src, CT, { ip: "10.231.210.18" });
    await restartSourceWithFenceWait(4);
    const port = dst.agent?.port;
    const killer = killDestinationWhenRunning(CT);
    const op = await migrate(src, dst, CT, { mode: "online" });
    expect(await killer).toBe(true);
    if (dst.agent) await dst.agent.exited;
    dst.agent = undefined;
    // The killed agent's container may run on: whatever happened, the source must not run it too.
    const there = await isRunning(dst, CT);
    console.log(
      `switch unanswered: migration ${op.status}; destination ${there ? "runs it" : "does not run it"}`,
    );
    expect(await isRunning(src, CT)).toBe(false);
    if (op.status === "failed") {
      expect(op.error?.message).toMatch(/left stopped here and will not start at boot/);
      expect(await confOf(src, CT)).toMatch(/^ONBOOT="?no"?$/m);
    } else {
      expect(there).toBe(true);
    }
    await startNode(dst, port);
    await restartSourceWithFenceWait(60);
    for (const n of [src, dst]) if (await isRunning(n, CT)) await vz(n, ["stop", String(CT)]);
    for (const n of [src, dst]) await cli(n.t, ["vzctl", "destroy", String(CT)]);
  });
});

describe("pre-checks refuse before anything moves", () => {
  it("refuses a CTID taken on the destination, and the container stays as it was", async () => {
    const CT = 304;
    await makeContainer(src, CT, { ip: "10.231.210.14" });
    await makeContainer(dst, CT, { ip: "10.231.210.24", start: false });
    const op = await migrate(src, dst, CT, { mode: "offline" });
    expect(op.status).toBe("failed");
    expect(op.error?.message).toMatch(/CTID 304 is already used on the destination/);
    expect(await isRunning(src, CT)).toBe(true);
    // Renumbered (the ticket names another CTID there), it goes through.
    const moved = await migrate(src, dst, CT, { mode: "offline", newCtid: 314 });
    expect(moved.status, lines(moved)).toBe("succeeded");
    expect(await isRunning(dst, 314)).toBe(true);
    expect(await traces(src, CT)).toEqual([]);
  });

  it("refuses an address another container uses on the destination", async () => {
    const CT = 305;
    await makeContainer(src, CT, { ip: "10.231.210.24", start: false });
    const op = await migrate(src, dst, CT, { mode: "offline" });
    expect(op.status).toBe("failed");
    expect(op.error?.message).toMatch(/IP address 10\.231\.210\.24 is already used by container 304/);
    expect(await traces(dst, CT)).toEqual([]);
  });

  it("refuses when the destination has no space", async () => {
    const CT = 306;
    await makeContainer(src, CT, { ip: "10.231.210.16", start: false });
    const priv = path.join(dst.t.dir, "private");
    const saved = path.join(dst.t.dir, "private-saved");
    await fs.rename(priv, saved);
    await fs.mkdir(priv);
    await execFileP("mount", ["-t", "tmpfs", "-o", "size=32m", "berth-test-full", priv]);
    try {
      const op = await migrate(src, dst, CT, { mode: "offline" });
      expect(op.status).toBe("failed");
      expect(op.error?.message).toMatch(/Not enough disk space on the destination/);
    } finally {
      await execFileP("umount", [priv]);
      await fs.rmdir(priv);
      await fs.rename(saved, priv);
    }
    expect(await traces(dst, CT)).toEqual([]);
  });

  it("refuses --live where criu check fails, unless near-live fallback was asked for", async () => {
    const CT = 307;
    await makeContainer(src, CT, { ip: "10.231.210.17" });
    const op = await migrate(src, dst, CT, { mode: "live" });
    expect(op.status).toBe("failed");
    expect(op.error?.message).toMatch(
      /Live migration needs checkpoint\/restore \(CRIU\), which this node does not support: .+/,
    );
    expect(op.error?.message).toMatch(/--online/);
    expect(await isRunning(src, CT)).toBe(true);
    const dry = await migrate(src, dst, CT, { mode: "live", fallbackOnline: true, dryRun: true });
    expect(dry.status, lines(dry)).toBe("succeeded");
    expect(lines(dry)).toMatch(/falling back to near-live migration/);
    expect((dry.result as { dryRun: boolean; mode: string }).mode).toBe("online");
    expect(await isRunning(src, CT)).toBe(true);
    expect(await traces(dst, CT)).toEqual([]);
  });
});

describe("tickets", () => {
  type Raw = { status: number; body: string };
  function post(port: number, p: string, body: string, headers: Record<string, string>): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: p,
          headers: { ...headers, "content-type": "application/json" },
        },
        (res) => {
          let text = "";
          res.on("data", (c) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  it("refuses a tampered secret, another node's key, a replayed request, another migration's path", async () => {
    const tk = await issueTicket(dst, src, 320);
    const srcKeyPem = await fs.readFile(path.join(src.t.dir, "agent", "agent-key.pem"), "utf8");
    const srcKey = { keyId: keyIdOf(src.publicKey), privateKeyPem: srcKeyPem };
    const port = dst.agent?.port ?? 0;
    const signed = (p: string, key = srcKey, secret = tk.secret) => ({
      ...signRequest({
        method: "POST",
        path: p,
        body: "{}",
        nodeId: dst.nodeId,
        keyId: key.keyId,
        privateKey: key.privateKeyPem,
      }),
      [MIGRATION_HEADER.ticket]: secret,
    });
    const statusPath = `/v1/migrations/${tk.id}/status`;

    const good = signed(statusPath);
    const ok = await post(port, statusPath, "{}", good);
    expect(ok.status, ok.body).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ state: "receiving", ctid: 320 });

    const replay = await post(port, statusPath, "{}", good);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatch(/replayed/);

    const flipped = `${tk.secret.slice(0, -1)}${tk.secret.endsWith("A") ? "B" : "A"}`;
    const tampered = await post(port, statusPath, "{}", signed(statusPath, srcKey, flipped));
    expect(tampered.status).toBe(401);
    expect(tampered.body).toMatch(/wrong ticket/);

    const other = generateSigningKeyPair();
    const stranger = await post(
      port,
      statusPath,
      "{}",
      signed(statusPath, { keyId: other.keyId, privateKeyPem: other.privateKeyPem }),
    );
    expect(stranger.status).toBe(401);
    expect(stranger.body).toMatch(/unknown key/);

    // Signed for one migration's path, sent to another's: the signature no longer matches.
    const tk2 = await issueTicket(dst, src, 321);
    const moved = await post(
      port,
      `/v1/migrations/${tk2.id}/status`,
      "{}",
      signed(statusPath, srcKey, tk2.secret),
    );
    expect(moved.status).toBe(401);

    // Aborted, the ticket opens nothing more; its source may still ask how it ended.
    const abortPath = `/v1/migrations/${tk.id}/abort`;
    expect((await post(port, abortPath, "{}", signed(abortPath))).status).toBe(200);
    const prepPath = `/v1/migrations/${tk.id}/prepare`;
    const after = await post(port, prepPath, "{}", signed(prepPath));
    expect(after.status).toBe(401);
    expect(after.body).toMatch(/already used/);
    const asked = await post(port, statusPath, "{}", signed(statusPath));
    expect(asked.status).toBe(200);
    expect(JSON.parse(asked.body)).toMatchObject({ state: "aborted" });
    if (!dst.agent) throw new Error("the destination agent is not running");
    await dst.agent.waitForLog('"event":"migration-refused"');
  });
});
