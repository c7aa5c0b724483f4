import path from "node:path";

/** Layout of the agent's data directory (env BERTH_AGENT_DATA, default /var/lib/berth). */
export class AgentPaths {
  readonly root: string;
  readonly lxcPath: string;

  constructor(root = process.env.BERTH_AGENT_DATA || "/var/lib/berth", lxcPath = process.env.BERTH_LXC_PATH) {
    this.root = path.resolve(root);
    this.lxcPath = path.resolve(lxcPath || path.join(this.root, "lxc"));
  }

  get confDir(): string {
    return path.join(this.root, "conf");
  }
  conf(ctid: number): string {
    return path.join(this.confDir, `${ctid}.conf`);
  }
  sample(name: string): string {
    return path.join(this.confDir, `ve-${name}.conf-sample`);
  }
  get privateDir(): string {
    return path.join(this.root, "private");
  }
  image(ctid: number): string {
    return path.join(this.privateDir, `${ctid}.img`);
  }
  get rootDir(): string {
    return path.join(this.root, "root");
  }
  rootfs(ctid: number): string {
    return path.join(this.rootDir, String(ctid));
  }
  get templateCache(): string {
    return path.join(this.root, "template", "cache");
  }
  lxcConfig(ctid: number): string {
    return path.join(this.lxcPath, String(ctid), "config");
  }
  get lockDir(): string {
    return path.join(this.root, "lock");
  }
  get agentDir(): string {
    return path.join(this.root, "agent");
  }
  /** Marker present while a create is in progress: anything with it after a crash is a half container. */
  creating(ctid: number): string {
    return path.join(this.confDir, `${ctid}.creating`);
  }
}

/** The config samples shipped with the agent (ve-basic.conf-sample, ...), used when the data dir has none. */
export const SHIPPED_SAMPLES_DIR = path.resolve(import.meta.dirname, "..", "conf-samples");
