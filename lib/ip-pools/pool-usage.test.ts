import { describe, expect, it } from "vitest";
import { parseCidr } from "./cidr";
import { getPoolUsage } from "./pool-usage";

describe("getPoolUsage", () => {
  it("computes free addresses from the CIDR size, minus the gateway, used and reserved", () => {
    const u = getPoolUsage(
      { cidr: parseCidr("192.0.2.0/24"), gateway: "192.0.2.1" },
      { used: 3, reserved: 2 },
    );
    expect(u).toEqual({ total: 253n, used: 3, reserved: 2, free: 248n });
  });

  it("does not count a gateway outside the block (IPv6 link-local)", () => {
    const u = getPoolUsage(
      { cidr: parseCidr("2001:db8::/64"), gateway: "fe80::1" },
      { used: 1, reserved: 0 },
    );
    expect(u.total).toBe(2n ** 64n - 1n);
    expect(u.free).toBe(2n ** 64n - 2n);
  });

  it("never goes below zero", () => {
    expect(
      getPoolUsage({ cidr: parseCidr("192.0.2.0/30"), gateway: null }, { used: 5, reserved: 0 }).free,
    ).toBe(0n);
  });
});
