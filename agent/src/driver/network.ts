import { existsSync } from "node:fs";
import { run, runOk } from "../run";

// Two ways to reach a container, as OpenVZ had venet and veth:
// - routed (venet-like, the default): LXC's veth router mode; the host gets a /32 (or /128) route per
//   container address pointing at the container's veth, the container a device default route. No bridge.
// - bridged: the container's veth joins a host bridge the agent creates if missing, with static addresses
//   and the bridge's address as default gateway.

export type NetMode = "routed" | "bridged";

export type NetworkOptions = { mode: NetMode; bridge: string; bridgeCidr: string; vethPrefix: string };

export function networkOptionsFromEnv(env = process.env): NetworkOptions {
  const mode = env.BERTH_NET_MODE === "bridged" ? "bridged" : "routed";
  const vethPrefix = env.BERTH_VETH_PREFIX ?? "veth";
  if (!/^[a-z][a-z0-9]{0,5}$/.test(vethPrefix))
    throw new Error("BERTH_VETH_PREFIX must be 1-6 lowercase letters/digits");
  const bridge = env.BERTH_BRIDGE ?? "berth0";
  if (!/^[a-z][a-z0-9_-]{0,14}$/.test(bridge)) throw new Error("BERTH_BRIDGE must be a valid interface name");
  const bridgeCidr = env.BERTH_BRIDGE_CIDR ?? "10.231.0.1/16";
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(bridgeCidr))
    throw new Error("BERTH_BRIDGE_CIDR must look like 10.231.0.1/16");
  return { mode, bridge, bridgeCidr, vethPrefix };
}

export function isIpv6(ip: string): boolean {
  return ip.includes(":");
}

export function stripPrefix(ip: string): string {
  return ip.split("/")[0] ?? ip;
}

/** LXC network lines for one veth with the container's addresses. */
export function lxcNetLines(ctid: number, ips: string[], mode: NetMode, opts: NetworkOptions): string[] {
  const lines = [
    "lxc.net.0.type = veth",
    `lxc.net.0.veth.pair = ${vethName(ctid, opts)}`,
    "lxc.net.0.name = eth0",
    "lxc.net.0.flags = up",
  ];
  const [gw, prefix] = opts.bridgeCidr.split("/");
  if (mode === "routed") {
    lines.push("lxc.net.0.veth.mode = router");
    for (const ip of ips)
      lines.push(
        isIpv6(ip)
          ? `lxc.net.0.ipv6.address = ${stripPrefix(ip)}/128`
          : `lxc.net.0.ipv4.address = ${stripPrefix(ip)}/32`,
      );
    if (ips.some((ip) => !isIpv6(ip))) lines.push("lxc.net.0.ipv4.gateway = dev");
    if (ips.some(isIpv6)) lines.push("lxc.net.0.ipv6.gateway = dev");
  } else {
    lines.push(`lxc.net.0.link = ${opts.bridge}`);
    for (const ip of ips) {
      if (isIpv6(ip)) lines.push(`lxc.net.0.ipv6.address = ${ip.includes("/") ? ip : `${ip}/64`}`);
      else lines.push(`lxc.net.0.ipv4.address = ${ip.includes("/") ? ip : `${ip}/${prefix}`}`);
    }
    if (ips.some((ip) => !isIpv6(ip))) lines.push(`lxc.net.0.ipv4.gateway = ${gw}`);
  }
  return lines;
}

export function vethName(ctid: number, opts: NetworkOptions): string {
  return `${opts.vethPrefix}${ctid}`;
}

/** Creates the bridge with its address if it does not exist yet; returns whether it was created. */
export async function ensureBridge(opts: NetworkOptions): Promise<boolean> {
  if (existsSync(`/sys/class/net/${opts.bridge}`)) return false;
  await runOk("ip", ["link", "add", "name", opts.bridge, "type", "bridge"]);
  await runOk("ip", ["addr", "add", opts.bridgeCidr, "dev", opts.bridge]);
  await runOk("ip", ["link", "set", "dev", opts.bridge, "up"]);
  return true;
}

export async function deleteBridge(name: string): Promise<void> {
  if (existsSync(`/sys/class/net/${name}`)) await run("ip", ["link", "del", "dev", name]);
}

/** Adds or removes an address on a running container: inside its network namespace, and the host route. */
export async function changeLiveAddress(
  action: "add" | "del",
  initPid: number,
  ctid: number,
  ip: string,
  mode: NetMode,
  opts: NetworkOptions,
): Promise<void> {
  const v6 = isIpv6(ip);
  const bare = stripPrefix(ip);
  const [, prefix] = opts.bridgeCidr.split("/");
  const inside =
    mode === "routed" ? `${bare}/${v6 ? 128 : 32}` : ip.includes("/") ? ip : `${bare}/${v6 ? 64 : prefix}`;
  const fam = v6 ? "-6" : "-4";
  const r = await run("nsenter", [
    `--target=${initPid}`,
    "--net",
    "--",
    "ip",
    fam,
    "addr",
    action,
    inside,
    "dev",
    "eth0",
  ]);
  if (r.code !== 0 && !(action === "del" && /Cannot assign|not found|No such/i.test(r.stderr))) {
    throw new Error(`ip addr ${action} ${inside} inside the container failed: ${r.stderr.trim()}`);
  }
  if (mode === "routed") {
    if (action === "add") {
      // A device default route so the new address is usable even if the container started without one.
      await run("nsenter", [
        `--target=${initPid}`,
        "--net",
        "--",
        "ip",
        fam,
        "route",
        "replace",
        "default",
        "dev",
        "eth0",
      ]);
      await runOk("ip", [fam, "route", "replace", `${bare}/${v6 ? 128 : 32}`, "dev", vethName(ctid, opts)]);
    } else {
      await run("ip", [fam, "route", "del", `${bare}/${v6 ? 128 : 32}`, "dev", vethName(ctid, opts)]);
    }
  }
}
