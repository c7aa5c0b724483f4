import type { BarrierLimit } from "../../protocol/sizes";
import type { RunResult } from "../run";

// What the agent needs from a container backend. One implementation today (LXC); the vzctl CLI and the
// signed API both go through it, so both behave the same.

export type Log = (line: string) => void;

export type ContainerStatus = {
  ctid: number;
  exists: boolean;
  mounted: boolean;
  running: boolean;
  name: string | null;
  hostname: string | null;
  ips: string[];
  ostemplate: string | null;
  onboot: boolean;
  config: Record<string, string>;
};

export type CreateOptions = {
  ostemplate: string;
  config?: string; // config sample name: ve-<name>.conf-sample
  ipadd?: string[];
  hostname?: string;
  name?: string;
  diskspace?: BarrierLimit;
  diskinodes?: BarrierLimit;
  /** Start it once created: one lock, and the image stays mounted in between. */
  start?: boolean;
};

export type SetParams = {
  hostname?: string;
  nameserver?: string[];
  searchdomain?: string[];
  userpasswd?: { user: string; password: string }[];
  ipadd?: string[];
  ipdel?: string[] | "all";
  physpages?: BarrierLimit;
  swappages?: BarrierLimit;
  numproc?: BarrierLimit;
  cpuunits?: number;
  cpulimit?: number;
  cpus?: number;
  diskspace?: BarrierLimit;
  diskinodes?: BarrierLimit;
  onboot?: boolean;
  name?: string;
  description?: string;
  applyconfig?: string;
};

export type StopOptions = { fast?: boolean; timeoutSec?: number };

export interface ContainerDriver {
  create(ctid: number, opts: CreateOptions, log: Log): Promise<void>;
  start(ctid: number, log: Log): Promise<void>;
  stop(ctid: number, opts: StopOptions, log: Log): Promise<void>;
  restart(ctid: number, log: Log): Promise<void>;
  destroy(ctid: number, log: Log): Promise<void>;
  status(ctid: number): Promise<ContainerStatus>;
  list(): Promise<ContainerStatus[]>;
  mount(ctid: number, log: Log): Promise<void>;
  umount(ctid: number, log: Log): Promise<void>;
  exec(ctid: number, argv: string[], opts?: { input?: string }): Promise<RunResult>;
  enter(ctid: number): Promise<number>;
  set(ctid: number, params: SetParams, save: boolean, log: Log): Promise<void>;
  suspend(ctid: number, log: Log): Promise<void>;
  resume(ctid: number, log: Log): Promise<void>;
}
