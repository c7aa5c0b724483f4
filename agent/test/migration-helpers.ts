import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { ENDPOINTS } from "../protocol/index";
import type { MigrationMode, MigrationTicket } from "../protocol/migration";
import { PROTOCOL_VERSION } from "../protocol/version";
import { cleanupTestEnv, cli, makeTestEnv, TEST_TEMPLATE, type TestEnv } from "./helpers";
import { type AgentProcess, PanelDouble, send, startAgent } from "./panel-double";

// Two "nodes" on one machine for migration tests: each its own data dir, lxcpath, veth prefix, panel
// stand-in (node id, keys) and agent process on its own loopback port.

export type TestNode = {
  t: TestEnv;
  panel: PanelDouble;
  nodeId: string;
  agent?: AgentProcess;
  /** The agent's Ed25519 public key (base64 SPKI), as the panel pinned it at join. */
  publicKey: string;
};

export async function makeNode(nodeId: string, vethPrefix: string): Promise<TestNode> {
  const t = await makeTestEnv();
  t.env.BERTH_VETH_PREFIX = vethPrefix;
  const panel = new PanelDouble();
  (panel as { nodeId: string }).nodeId = nodeId;
  await panel.start();
  const joined = await cli(t, ["join", panel.url, panel.token, "--agent-url", "http://127.0.0.1:7443"]);
  if (joined.code !== 0) throw new Error(joined.stderr);
  const publicKey = panel.joins[0]?.nodePublicKey ?? "";
  return { t, panel, nodeId, publicKey };
}

/** Starts the node's agent; `port` to come back where it listened before (as a restarted service does). */
export async function startNode(n: TestNode, port?: number): Promise<void> {
  n.agent = await startAgent(n.t, {}, { port });
}

export async function stopNode(n: TestNode | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!n?.agent) return;
  n.agent.child.kill(signal);
  await n.agent.exited;
  n.agent = undefined;
}

export async function cleanupNode(n: TestNode | undefined): Promise<void> {
  if (!n) return;
  await stopNode(n, "SIGKILL").catch(() => {});
  n.panel.stop();
  await cleanupTestEnv(n.t);
}

export function agentUrl(n: TestNode): string {
  return `http://127.0.0.1:${n.agent?.port}`;
}

export async function vz(n: TestNode, args: string[], input?: string): Promise<string> {
  const r = await cli(n.t, ["vzctl", ...args], { input });
  if (r.code !== 0) throw new Error(`vzctl ${args.join(" ")}: exit ${r.code}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function makeContainer(
  n: TestNode,
  ctid: number,
  o: { ip: string; diskspace?: string; start?: boolean },
): Promise<void> {
  await vz(n, [
    "create",
    String(ctid),
    "--ostemplate",
    TEST_TEMPLATE,
    "--diskspace",
    o.diskspace ?? "256M",
    "--hostname",
    `mig${ctid}.test`,
    "--ipadd",
    o.ip,
  ]);
  await vz(n, ["set", String(ctid), "--ram", "192M", "--numproc", "300:300", "--save"]);
  if (o.start !== false) await vz(n, ["start", String(ctid)]);
}

export async function issueTicket(dst: TestNode, src: TestNode, ctid: number): Promise<MigrationTicket> {
  const r = await send(dst.agent?.port ?? 0, dst.panel, ENDPOINTS.migrationTickets, {
    body: { ctid, sourceNodeId: src.nodeId, sourcePublicKey: src.publicKey },
  });
  if (r.status !== 200) throw new Error(`ticket: ${r.status} ${r.body}`);
  return r.json as MigrationTicket;
}

export type Op = {
  id: string;
  status: string;
  log: { line: string; at: string }[];
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
};

/** Sends container.migrate to the source agent (signed by its panel) and follows it to its end. */
export async function migrate(
  src: TestNode,
  dst: TestNode,
  ctid: number,
  o: {
    mode?: MigrationMode;
    ticket?: MigrationTicket;
    newCtid?: number;
    fallbackOnline?: boolean;
    dryRun?: boolean;
    keepDst?: boolean;
  } = {},
): Promise<Op> {
  const ticket = o.ticket ?? (await issueTicket(dst, src, o.newCtid ?? ctid));
  const id = `mig-${randomBytes(8).toString("hex")}`;
  const command = {
    type: "container.migrate",
    ctid,
    mode: o.mode ?? "offline",
    ...(o.fallbackOnline ? { fallbackOnline: true } : {}),
    ...(o.dryRun ? { dryRun: true } : {}),
    ...(o.keepDst ? { keepDst: true } : {}),
    destination: { url: agentUrl(dst), nodeId: dst.nodeId, publicKey: dst.publicKey, tlsFingerprint: null },
    ticket,
  };
  const r = await send(src.agent?.port ?? 0, src.panel, `${ENDPOINTS.commands}?wait=1000`, {
    body: { protocolVersion: PROTOCOL_VERSION, id, command },
  });
  if (r.status >= 300) throw new Error(`migrate: ${r.status} ${r.body}`);
  return followOperation(src, id);
}

export async function followOperation(n: TestNode, id: string): Promise<Op> {
  for (;;) {
    const r = await send(n.agent?.port ?? 0, n.panel, `${ENDPOINTS.operation(id)}?wait=10000`);
    const op = (r.json as { operation: Op }).operation;
    if (op.status !== "running") return op;
  }
}

export async function isRunning(n: TestNode, ctid: number): Promise<boolean> {
  const r = await cli(n.t, ["vzctl", "status", String(ctid)]);
  return / running/.test(r.stdout);
}

/** What a node holds of a CTID: config, image, lxc dir, mount, loop devices. Empty when nothing. */
export async function traces(n: TestNode, ctid: number): Promise<string[]> {
  const out: string[] = [];
  for (const p of [
    `conf/${ctid}.conf`,
    `private/${ctid}.img`,
    `lxc/${ctid}`,
    `dump/${ctid}`,
    `lock/${ctid}.lck`,
  ])
    if (existsSync(path.join(n.t.dir, p))) out.push(p);
  const mounts = await fs.readFile("/proc/self/mountinfo", "utf8");
  if (mounts.includes(` ${path.join(n.t.dir, "root", String(ctid))} `)) out.push("mount");
  const loops = await import("./helpers").then((h) => h.loopsOf(n.t.dir));
  for (const l of loops) if (l.includes(`/${ctid}.img`)) out.push(`loop ${l}`);
  return out;
}
