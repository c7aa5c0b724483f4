// Runs N (default 200) test containers under one `berth-agent serve` and prints the agent's resident memory
// and the time to read the beancounters of all of them (through the signed API and in-process).
// Prints figures; it is not a test. Root, from the repo root: bench/agent-scale [N]
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { generateSigningKeyPair, signRequest } from "../agent/protocol/signing";
import { PROTOCOL_VERSION } from "../agent/protocol/version";
import { readAllBeancounters } from "../agent/src/beancounters/beancounters";
import { LxcDriver } from "../agent/src/driver/lxc-driver";
import { AgentPaths } from "../agent/src/paths";

const run = promisify(execFile);
const N = Number(process.argv[2] ?? 200);
const TEMPLATE = "busybox-1.35-x86_64-test";
const dir = await fs.mkdtemp(path.join(os.tmpdir(), "berth-scale-"));
const paths = new AgentPaths(dir, path.join(dir, "lxc"));
const network = {
  mode: "routed" as const,
  bridge: "berthscale0",
  bridgeCidr: "10.231.240.1/24",
  vethPrefix: "vbs",
};
const driver = new LxcDriver({ paths, network });
await driver.init();
await run("scripts/build-test-template", [paths.templateCache]);
const panelKey = generateSigningKeyPair();
const nodeId = "bench-node";
await fs.mkdir(paths.agentDir, { recursive: true, mode: 0o700 });
// What `join` would have stored; the bench signs as that panel.
await fs.writeFile(
  path.join(paths.agentDir, "identity.json"),
  JSON.stringify({
    nodeId,
    panelUrl: "http://127.0.0.1:1",
    panelKeys: [{ keyId: panelKey.keyId, publicKey: panelKey.publicKey }],
  }),
);
const env = {
  ...process.env,
  BERTH_AGENT_DATA: dir,
  BERTH_LXC_PATH: paths.lxcPath,
  BERTH_VETH_PREFIX: network.vethPrefix,
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

let agent: ChildProcess | undefined;
try {
  agent = spawn(
    process.execPath,
    ["agent/bin/berth-agent.mjs", "serve", "--listen", "127.0.0.1:0", "--insecure-http"],
    { env, stdio: ["ignore", "ignore", "pipe"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let log = "";
    agent?.stderr?.on("data", (d: Buffer) => {
      log += d.toString();
      const m = /"url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(log);
      if (m?.[1]) resolve(Number(m[1]));
    });
    agent?.on("exit", () => reject(new Error(`agent exited: ${log}`)));
  });
  const call = (method: string, p: string, body?: unknown) =>
    new Promise<{
      status: number;
      json: { operation?: { status: string; result?: unknown; error?: unknown } };
    }>((resolve, reject) => {
      const text = body === undefined ? "" : JSON.stringify(body);
      const headers = signRequest({
        method,
        path: p,
        body: text,
        nodeId,
        keyId: panelKey.keyId,
        privateKey: panelKey.privateKeyPem,
      });
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          method,
          path: p,
          headers: { ...headers, "content-type": "application/json" },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString() || "{}"),
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(text);
    });
  const rss = async () =>
    Number(/VmRSS:\s+(\d+)/.exec(await fs.readFile(`/proc/${agent?.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  const rssIdle = await rss();

  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < N) {
      const i = next++;
      const ctid = 1000 + i;
      const ip = `10.231.${100 + Math.floor(i / 200)}.${(i % 200) + 10}`;
      const r = await call("POST", "/v1/commands?wait=60000", {
        protocolVersion: PROTOCOL_VERSION,
        id: `scale-create-${ctid}`,
        command: {
          type: "container.create",
          ctid,
          ostemplate: TEMPLATE,
          ipadd: [ip],
          hostname: `ct${ctid}.bench`,
          diskspace: "32M",
          start: true,
        },
      });
      if (r.json.operation?.status !== "succeeded")
        throw new Error(`create ${ctid}: ${JSON.stringify(r.json)}`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const createSec = (performance.now() - t0) / 1000;
  const running = (await driver.list()).filter((s) => s.running).length;

  const apiMs: number[] = [];
  for (let k = 0; k < 5; k++) {
    const s = performance.now();
    const r = await call("POST", "/v1/commands?wait=30000", {
      protocolVersion: PROTOCOL_VERSION,
      id: `scale-bc-${k}-${Date.now()}`,
      command: { type: "beancounters.get" },
    });
    apiMs.push(performance.now() - s);
    if (r.json.operation?.status !== "succeeded" || (r.json.operation.result as unknown[]).length !== N)
      throw new Error("beancounters.get failed");
  }
  const healthMs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const s = performance.now();
    await call("GET", "/v1/health");
    healthMs.push(performance.now() - s);
  }
  const inProc: number[] = [];
  for (let k = 0; k < 5; k++) {
    const s = performance.now();
    const all = await readAllBeancounters(driver);
    inProc.push(performance.now() - s);
    if (all.filter((b) => b.running).length !== N) throw new Error("not all running");
  }
  const rssAfter = await rss();
  console.log(
    `${running} running test containers (created+started in ${createSec.toFixed(1)} s through the API, 4 at a time)`,
  );
  console.log(
    `  agent (serve) RSS: ${rssIdle.toFixed(0)} MB idle, ${rssAfter.toFixed(0)} MB with ${N} containers after the reads (goal <= 150 MB)`,
  );
  console.log(
    `  beancounters of all, signed API round trip: median ${median(apiMs).toFixed(0)} ms (goal <= 1000 ms)`,
  );
  console.log(`  beancounters of all, in-process read:       median ${median(inProc).toFixed(0)} ms`);
  console.log(`  health/inventory, signed API round trip:    median ${median(healthMs).toFixed(0)} ms`);
} finally {
  agent?.kill("SIGTERM");
  const ids = await driver.listCtids();
  let i = 0;
  const quiet = () => {};
  const stopper = async () => {
    while (i < ids.length) {
      const ctid = ids[i++] as number;
      await driver.stop(ctid, { fast: true }, quiet).catch(() => {});
      await driver.destroy(ctid, quiet).catch(() => {});
    }
  };
  await Promise.all([stopper(), stopper(), stopper(), stopper()]);
  const mounts = await fs.readFile("/proc/self/mountinfo", "utf8");
  for (const line of mounts.split("\n")) {
    const mp = line.split(" ")[4];
    if (mp?.startsWith(`${dir}/`)) await run("umount", ["-l", mp]).catch(() => {});
  }
  await driver.cleanupCgroups();
  await fs.rm(dir, { recursive: true, force: true });
}
