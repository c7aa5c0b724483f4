import { readFileSync } from "node:fs";

// A running container's network traffic, for bandwidth billing: bytes received and transmitted as seen
// from inside the container, counted since its interfaces were made (its last start).
//
// Read from the host end of each of the container's veth pairs, in the agent's own network namespace, and
// turned around: a veth's two ends count the same bytes in opposite directions (host-side rx = container tx).
// Not from inside the container's namespace (/proc/<init pid>/net/dev): there root in the container owns
// the numbers. It can add interfaces whose bytes would be counted a second time (a WireGuard or OpenVPN
// tunnel, a bridge, a veth pair of its own: a VPN customer would be billed twice) or rename eth0, and
// finding the namespace needs the init pid (one lxc-info per container). The host end counts exactly the
// bytes that crossed between host and container, and nothing in the container can change it (deleting
// its eth0 deletes the pair: the counters start again at zero, which the panel reads as a reset).
// The host ends are named in the container's generated LXC config (`lxc.net.N.veth.pair`), written at
// its start: the names the running container has, even if BERTH_VETH_PREFIX changed since.
// /proc/self/net/dev rather than /sys/class/net/<veth>/statistics: sysfs lists the interfaces of the
// namespace of whoever mounted it, /proc/self/net those of the agent's own namespace, where LXC made the
// host ends; and one read covers every container.

export type NetTraffic = { rxBytes: number; txBytes: number };

/** Byte counters per interface from /proc/net/dev text: rx is the first column, tx the ninth. */
export function parseNetDev(text: string): Map<string, NetTraffic> {
  const out = new Map<string, NetTraffic>();
  for (const line of text.split("\n")) {
    // "  eth0: 1234 ..." (older kernels print "eth0:1234" with no space); the two header lines have
    // "|" where an interface line has its colon, and interface names cannot contain ":" or spaces.
    const colon = line.indexOf(":");
    if (colon < 0 || line.includes("|")) continue;
    const name = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    const rx = Number(fields[0]);
    const tx = Number(fields[8]);
    if (!name || fields.length < 16 || !Number.isSafeInteger(rx) || !Number.isSafeInteger(tx)) continue;
    out.set(name, { rxBytes: rx, txBytes: tx });
  }
  return out;
}

/** Host-side veth names of every network of a generated LXC config (`lxc.net.N.veth.pair = name`). */
export function vethPairNames(lxcConfig: string): string[] {
  const names: string[] = [];
  for (const m of lxcConfig.matchAll(/^\s*lxc\.net\.\d+\.veth\.pair\s*=\s*(\S+)\s*$/gm))
    if (m[1]) names.push(m[1]);
  return names;
}

/**
 * The container's traffic from the host's counters of its veth host ends, summed over its networks and
 * turned around to the container's point of view; null when none of them exists (stopped, or gone).
 */
export function containerTraffic(hostView: Map<string, NetTraffic>, hostEnds: string[]): NetTraffic | null {
  let found = false;
  let rxBytes = 0;
  let txBytes = 0;
  for (const name of new Set(hostEnds)) {
    const c = hostView.get(name);
    if (!c) continue;
    found = true;
    rxBytes += c.txBytes;
    txBytes += c.rxBytes;
  }
  return found ? { rxBytes, txBytes } : null;
}

/** The agent's own network namespace's counters (where the host ends of the containers' veths are). */
export function readHostNetDev(): Map<string, NetTraffic> {
  try {
    return parseNetDev(readFileSync("/proc/self/net/dev", "utf8"));
  } catch {
    return new Map();
  }
}
