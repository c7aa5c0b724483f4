import { describe, expect, it } from "vitest";
import {
  CidrError,
  cidrContains,
  cidrsOverlap,
  countAssignable,
  formatCidr,
  formatIp,
  isAssignable,
  iterateAssignable,
  normaliseIp,
  parseCidr,
  parseIp,
} from "./cidr";

function take<T>(it: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const v of it) {
    if (out.length >= n) break;
    out.push(v);
  }
  return out;
}

const formatV4 = (value: bigint) => formatIp({ version: 4, value });
const formatV6 = (value: bigint) => formatIp({ version: 6, value });

const v4 = (s: string) => {
  const ip = parseIp(s);
  if (!ip) throw new Error(s);
  return ip.value;
};

describe("parseIp / normaliseIp", () => {
  it("accepts IPv4 dotted decimal and refuses leading zeros and out-of-range parts", () => {
    expect(normaliseIp("192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseIp(" 10.0.0.255 ")).toBe("10.0.0.255");
    expect(normaliseIp("010.0.0.1")).toBeNull();
    expect(normaliseIp("256.0.0.1")).toBeNull();
    expect(normaliseIp("1.2.3")).toBeNull();
    expect(normaliseIp("1.2.3.4.5")).toBeNull();
    expect(normaliseIp("a.b.c.d")).toBeNull();
    expect(normaliseIp("")).toBeNull();
  });

  it("writes IPv6 in RFC 5952 form whatever way it was typed", () => {
    expect(normaliseIp("2001:0DB8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(normaliseIp("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1"); // first of equal runs
    expect(normaliseIp("2001:db8:0:1:1:1:1:1")).toBe("2001:db8:0:1:1:1:1:1"); // a single zero group stays
    expect(normaliseIp("::")).toBe("::");
    expect(normaliseIp("::1")).toBe("::1");
    expect(normaliseIp("fe80::")).toBe("fe80::");
    expect(normaliseIp("::ffff:192.0.2.1")).toBe("::ffff:c000:201");
    expect(normaliseIp("1:2:3:4:5:6:192.0.2.1")).toBe("1:2:3:4:5:6:c000:201");
  });

  it("refuses malformed IPv6", () => {
    for (const bad of [
      "1::2::3",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      "12345::1",
      "fe80::1%eth0",
      ":1::",
      "1:::2",
      "1:2:3:4:5:6:7::8",
      "::ffff:300.1.1.1",
      "g::1",
    ]) {
      expect(normaliseIp(bad), bad).toBeNull();
    }
  });

  it("tells versions apart", () => {
    expect(parseIp("192.0.2.1")?.version).toBe(4);
    expect(parseIp("2001:db8::1")?.version).toBe(6);
  });
});

describe("parseCidr", () => {
  it("parses and normalises IPv4 and IPv6 blocks", () => {
    expect(formatCidr(parseCidr("192.0.2.0/24"))).toBe("192.0.2.0/24");
    expect(formatCidr(parseCidr("2001:DB8:0:0::/64"))).toBe("2001:db8::/64");
    expect(parseCidr("10.0.0.0/8")).toEqual({ version: 4, network: v4("10.0.0.0"), prefix: 8 });
  });

  it("refuses host bits, naming the network meant", () => {
    expect(() => parseCidr("192.0.2.5/24")).toThrow(/network is 192\.0\.2\.0\/24/);
    expect(() => parseCidr("2001:db8::1/64")).toThrow(/network is 2001:db8::\/64/);
  });

  it("refuses a missing or out-of-range prefix and bad addresses with a way to fix them", () => {
    expect(() => parseCidr("192.0.2.0")).toThrow(CidrError);
    expect(() => parseCidr("192.0.2.0")).toThrow(/no prefix length/);
    expect(() => parseCidr("192.0.2.0/33")).toThrow(/from 0 to 32/);
    expect(() => parseCidr("2001:db8::/129")).toThrow(/from 0 to 128/);
    expect(() => parseCidr("192.0.2.0/-1")).toThrow(/from 0 to 32/);
    expect(() => parseCidr("nope/24")).toThrow(/not an IPv4 or IPv6 address/);
  });
});

describe("IPv4 host addresses", () => {
  it("skips network and broadcast in a /29", () => {
    const c = parseCidr("192.0.2.8/29");
    expect(countAssignable(c)).toBe(6n);
    const all = [...iterateAssignable(c)].map(formatV4);
    expect(all).toEqual(["192.0.2.9", "192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14"]);
    expect(isAssignable(c, v4("192.0.2.8"))).toBe(false);
    expect(isAssignable(c, v4("192.0.2.15"))).toBe(false);
    expect(isAssignable(c, v4("192.0.2.16"))).toBe(false); // outside
  });

  it("uses both addresses of a /31 and the one of a /32", () => {
    expect([...iterateAssignable(parseCidr("192.0.2.0/31"))]).toEqual([v4("192.0.2.0"), v4("192.0.2.1")]);
    expect([...iterateAssignable(parseCidr("192.0.2.7/32"))]).toEqual([v4("192.0.2.7")]);
    expect(countAssignable(parseCidr("192.0.2.0/31"))).toBe(2n);
    expect(countAssignable(parseCidr("192.0.2.7/32"))).toBe(1n);
  });

  it("counts a /24 and a /16", () => {
    expect(countAssignable(parseCidr("10.0.0.0/24"))).toBe(254n);
    expect(countAssignable(parseCidr("10.0.0.0/16"))).toBe(65534n);
  });

  it("starts iterating where asked", () => {
    const c = parseCidr("10.0.0.0/24");
    expect(take(iterateAssignable(c, v4("10.0.0.200")), 2)).toEqual([v4("10.0.0.200"), v4("10.0.0.201")]);
    expect([...iterateAssignable(c, v4("10.0.0.254"))]).toEqual([v4("10.0.0.254")]);
  });
});

describe("IPv6 host addresses", () => {
  it("iterates a /64 lazily from the first host, skipping the subnet-router anycast address", () => {
    const c = parseCidr("2001:db8:1::/64");
    const first = take(iterateAssignable(c), 3).map(formatV6);
    expect(first).toEqual(["2001:db8:1::1", "2001:db8:1::2", "2001:db8:1::3"]);
    expect(countAssignable(c)).toBe(2n ** 64n - 1n);
  });

  it("includes the last address (there is no broadcast)", () => {
    const c = parseCidr("2001:db8::/126");
    expect([...iterateAssignable(c)].map(formatV6)).toEqual(["2001:db8::1", "2001:db8::2", "2001:db8::3"]);
    expect(countAssignable(parseCidr("2001:db8::/128"))).toBe(1n);
  });
});

describe("containment and overlap", () => {
  it("checks versions and prefixes", () => {
    const c = parseCidr("10.1.0.0/16");
    expect(cidrContains(c, { version: 4, value: v4("10.1.255.255") })).toBe(true);
    expect(cidrContains(c, { version: 4, value: v4("10.2.0.0") })).toBe(false);
    expect(cidrsOverlap(c, parseCidr("10.1.2.0/24"))).toBe(true);
    expect(cidrsOverlap(parseCidr("10.1.2.0/24"), c)).toBe(true);
    expect(cidrsOverlap(c, parseCidr("10.2.0.0/16"))).toBe(false);
    expect(cidrsOverlap(parseCidr("::/0"), c)).toBe(false); // different versions never overlap
  });
});
