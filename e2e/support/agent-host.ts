import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { BIN, cleanupTestEnv, makeTestEnv, type TestEnv } from "../../agent/test/helpers";

const execFileP = promisify(execFile);

/**
 * A real berth-agent for e2e tests: its own data dir, lxcpath, bridge (berthe2e0, 10.231.<subnet>.1/24) and
 * test template in its cache, joined to the panel under test by the join command the panel shows, and
 * served on a loopback port. `stop()` removes every container, mount, loop device and bridge it made,
 * whether or not the test passed.
 *
 * Two hosts in one spec (migration) either share one bridge and subnet, so one IP pool is routable on
 * both nodes as a migration needs (same `subnet`, its own `port` and `vethPrefix`: veth names are
 * <prefix><CTID> in the one host network namespace, and a CTID may exist on both nodes), or each has a
 * bridge of its own (`bridge`).
 */
export class AgentHost {
  private env?: TestEnv;
  private server?: ChildProcess;
  /** The agent's JSON log lines (stderr), to check what reached it. */
  readonly logLines: string[] = [];
  port = 0;
  // Not the agent integration tests' bridge (berthtest0): the two suites never share a network. Each spec
  // gives its own third octet: the e2e database outlives a spec, and IP pools may not overlap.
  readonly bridge: string;
  readonly bridgeCidr: string;

  private readonly vethPrefix: string;
  private readonly fixedPort: number;

  constructor(options: { subnet: number; bridge?: string; vethPrefix?: string; port?: number }) {
    this.bridge = options.bridge ?? "berthe2e0";
    this.bridgeCidr = `10.231.${options.subnet}.1/24`;
    this.vethPrefix = options.vethPrefix ?? "vbe";
    this.fixedPort = options.port ?? 17_000 + options.subnet;
  }

  /** With `withTemplate: false` the node starts with an empty template cache (the panel must ship one). */
  async prepare(options: { withTemplate?: boolean } = {}): Promise<void> {
    const env = await makeTestEnv({ bridged: true });
    env.env = {
      ...env.env,
      BERTH_BRIDGE: this.bridge,
      BERTH_BRIDGE_CIDR: this.bridgeCidr,
      BERTH_VETH_PREFIX: this.vethPrefix,
    };
    env.bridges = [this.bridge];
    this.env = env;
    if (options.withTemplate === false) {
      const cache = path.join(this.env.dir, "template", "cache");
      for (const f of await readdir(cache)) await rm(path.join(cache, f), { force: true });
    }
    // A port of this spec's own: the nodes of specs that ran before stay in the shared database, and one
    // whose agent has stopped must not reach this spec's agent on a port the system handed out again.
    this.port = (await isPortFree(this.fixedPort)) ? this.fixedPort : await freePort();
  }

  get agentUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Runs the panel's join command (as printed on the node page) with this host's agent URL. */
  async join(joinCommand: string): Promise<void> {
    const [, , panelUrl, token] = joinCommand.trim().split(/\s+/);
    if (!panelUrl || !token) throw new Error(`not a join command: ${joinCommand}`);
    await execFileP("node", [BIN, "join", panelUrl, token, "--agent-url", this.agentUrl], {
      env: this.requireEnv().env,
    });
  }

  async serve(): Promise<void> {
    this.server = spawn("node", [BIN, "serve", "--listen", `127.0.0.1:${this.port}`, "--insecure-http"], {
      env: this.requireEnv().env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("agent did not start within 20 s")), 20_000);
      this.server?.stderr?.on("data", (chunk: Buffer) => {
        this.logLines.push(...chunk.toString().split("\n").filter(Boolean));
        if (chunk.toString().includes('"event":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      this.server?.once("exit", (code) => reject(new Error(`agent exited with ${code}`)));
    });
  }

  /** The host's view of a container, straight from the agent's vzlist (not through the panel). */
  async vzlist(): Promise<{ ctid: number; status: string }[]> {
    const { stdout } = await execFileP("node", [BIN, "vzlist", "-a", "-j"], { env: this.requireEnv().env });
    return JSON.parse(stdout) as { ctid: number; status: string }[];
  }

  /** The host's vzctl, as an admin with a shell on the node runs it (`vzctl exec CTID cmd`, say). */
  async vzctl(args: string[]): Promise<string> {
    const { stdout } = await execFileP("node", [BIN, "vzctl", ...args], { env: this.requireEnv().env });
    return stdout;
  }

  /** Processes on the host attached to this agent's containers (lxc-attach with its lxcpath). */
  async attachProcesses(): Promise<string[]> {
    const { stdout } = await execFileP("pgrep", ["-af", `lxc-attach.*${this.requireEnv().dir}`]).catch(
      () => ({ stdout: "" }),
    );
    return stdout.split("\n").filter(Boolean);
  }

  async stop(): Promise<void> {
    if (this.server && this.server.exitCode === null) {
      this.server.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 300));
      if (this.server.exitCode === null) this.server.kill("SIGKILL");
    }
    await cleanupTestEnv(this.env);
  }

  private requireEnv(): TestEnv {
    if (!this.env) throw new Error("call prepare() first");
    return this.env;
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}
