// Real agents joined to the panel under test, for the panel's LXC integration tests: the panel's own join
// code behind a small HTTP server, an agent per node with its own data dir, lxcpath, veth prefix and port,
// joined with the command an admin runs. Import it dynamically after createTestDatabase() (it loads lib/db).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import http from "node:http";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { BIN, cleanupTestEnv, makeTestEnv, type TestEnv } from "../../agent/test/helpers";
import { SYSTEM_ACTOR } from "../auth/actor";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { completeNodeJoin } from "../nodes/complete-node-join";
import { createNode } from "../nodes/create-node";
import { importNodeTemplates } from "../templates/import-node-templates";

const execFileP = promisify(execFile);

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

/** Polls `fn` every 100 ms until it gives a truthy value, which it returns. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type RealNode = { name: string; env: TestEnv; agent: ChildProcess; nodeId: string };

/** A route of the test panel's server beyond the join door: true when it answered the request. */
export type ExtraRoute = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

export class TestPanel {
  readonly nodes: RealNode[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  /** Serves the join door (POST, the panel's completeNodeJoin) and any `extra` route on a free port. */
  static async start(extra?: ExtraRoute): Promise<TestPanel> {
    const server = http.createServer((req, res) => {
      if (extra?.(req, res)) return;
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", async () => {
        try {
          const reply = await completeNodeJoin({ input: JSON.parse(body) });
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
        } catch (err) {
          res.writeHead(400).end(String(err));
        }
      });
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
    return new TestPanel(server, port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * A node named `name`: created in the panel, its agent joined and served, its templates imported, and
   * marked online with room to spare (`node` overrides those fields). Agents of one test need distinct
   * `vethPrefix`es when they may hold the same CTID.
   */
  async addNode(
    name: string,
    options: { vethPrefix?: string; node?: Prisma.NodeUpdateInput } = {},
  ): Promise<RealNode> {
    const env = await makeTestEnv();
    if (options.vethPrefix) env.env.BERTH_VETH_PREFIX = options.vethPrefix;
    const agentPort = await freePort();
    const { joinToken } = await createNode({ actor: SYSTEM_ACTOR, input: { name } });
    await execFileP(
      "node",
      [BIN, "join", this.url, joinToken, "--agent-url", `http://127.0.0.1:${agentPort}`],
      {
        env: env.env,
      },
    );
    const agent = spawn("node", [BIN, "serve", "--listen", `127.0.0.1:${agentPort}`, "--insecure-http"], {
      env: env.env,
      stdio: "ignore",
    });
    const row = await db.node.findUniqueOrThrow({ where: { name } });
    const node: RealNode = { name, env, agent, nodeId: row.id };
    this.nodes.push(node);
    await waitFor(
      `the agent of ${name}`,
      async () =>
        (await importNodeTemplates({ actor: SYSTEM_ACTOR, nodeId: row.id }).catch(() => null)) !== null,
    );
    await db.node.update({
      where: { id: row.id },
      data: { status: "ONLINE", memoryMb: 8192, diskFreeMb: 100_000, ...options.node },
    });
    return node;
  }

  /** The agent's own CLI on that node (vzctl, vzlist...), as its admin runs it. */
  async cli(node: RealNode, args: string[]): Promise<{ stdout: string; stderr: string }> {
    return execFileP("node", [BIN, ...args], { env: node.env.env });
  }

  /** Stops every agent and removes what they made (containers, mounts, bridges), then the server. */
  async stop(): Promise<void> {
    for (const n of this.nodes) n.agent.kill("SIGKILL");
    this.server.close();
    for (const n of this.nodes) await cleanupTestEnv(n.env);
  }
}
