import { describe, expect, it } from "vitest";
import { beancountersResultSchema } from "../../protocol";
import { beancountersJson } from "./beancounters";
import { containerTraffic, parseNetDev, vethPairNames } from "./net-traffic";

// As the kernel prints it (net/core/net-procfs.c), with a counter past 2^32 and an old kernel's "eth1:123".
const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 6464677489 10428948    0    0    0     0          0         0 6464677489 10428948    0    0    0     0       0          0
  eth0: 8589934592000  7000    0    1    0     0          0         3    41000     300    0    0    0     0       0          0
 veth101:    1500      10    0    0    0     0          0         0   900000     600    0    0    0     0       0          0
eth1:123 1 0 0 0 0 0 0 456 2 0 0 0 0 0 0
 vbt102@x: 1 2 3
`;

describe("parseNetDev", () => {
  it("reads rx bytes (first column) and tx bytes (ninth) per interface, skipping the headers", () => {
    const m = parseNetDev(NET_DEV);
    expect(m.get("lo")).toEqual({ rxBytes: 6464677489, txBytes: 6464677489 });
    expect(m.get("eth0")).toEqual({ rxBytes: 8589934592000, txBytes: 41000 });
    expect(m.get("veth101")).toEqual({ rxBytes: 1500, txBytes: 900000 });
    expect(m.get("eth1")).toEqual({ rxBytes: 123, txBytes: 456 });
  });

  it("ignores short or malformed lines", () => {
    const m = parseNetDev(NET_DEV);
    expect(m.has("vbt102@x")).toBe(false);
    expect([...m.keys()].some((k) => k.includes("|") || k.includes("face"))).toBe(false);
    expect(parseNetDev("")).toEqual(new Map());
  });
});

describe("vethPairNames", () => {
  it("finds every network's host end in a generated LXC config", () => {
    const conf = [
      "lxc.uts.name = ct101",
      "lxc.net.0.type = veth",
      "lxc.net.0.veth.pair = veth101",
      "lxc.net.0.name = eth0",
      "lxc.net.1.veth.pair=vbt101b",
      "# lxc.net.2.veth.pair = commented",
    ].join("\n");
    expect(vethPairNames(conf)).toEqual(["veth101", "vbt101b"]);
    expect(vethPairNames("")).toEqual([]);
  });
});

describe("containerTraffic", () => {
  const host = parseNetDev(NET_DEV);

  it("turns the host end's counters around: host tx is what the container received", () => {
    expect(containerTraffic(host, ["veth101"])).toEqual({ rxBytes: 900000, txBytes: 1500 });
  });

  it("sums every host end of the container, each once", () => {
    expect(containerTraffic(host, ["veth101", "eth1", "veth101"])).toEqual({
      rxBytes: 900000 + 456,
      txBytes: 1500 + 123,
    });
  });

  it("is null when no host end exists (the container is not running)", () => {
    expect(containerTraffic(host, ["veth999"])).toBeNull();
    expect(containerTraffic(host, [])).toBeNull();
  });
});

describe("the beancounters reply", () => {
  const counters = [{ resource: "numproc", held: 3, maxheld: 5, barrier: 100, limit: 100, failcnt: 0 }];

  it("carries net for a running container and parses with the protocol schema", () => {
    const json = beancountersJson([
      { ctid: 101, running: true, counters, net: { rxBytes: 10, txBytes: 20 } },
      { ctid: 102, running: false, counters },
    ]);
    const parsed = beancountersResultSchema.parse(json);
    expect(parsed[0]?.net).toEqual({ rxBytes: 10, txBytes: 20 });
    expect(parsed[1]).not.toHaveProperty("net");
  });

  it("still parses an older agent's reply without net", () => {
    const parsed = beancountersResultSchema.parse([{ ctid: 101, running: true, counters }]);
    expect(parsed[0]?.net).toBeUndefined();
  });
});
