import { describe, expect, it } from "vitest";
import { VzConfig } from "./vz-config";

describe("vzctl config format", () => {
  it("parses quoted, single-quoted and bare values and keeps comments", () => {
    const c = VzConfig.parse(
      '# comment\nHOSTNAME="a.example.com"\nONBOOT=yes\nNAME=\'web\'\n\nDISKSPACE="10G:10G"\n',
    );
    expect(c.get("HOSTNAME")).toBe("a.example.com");
    expect(c.get("ONBOOT")).toBe("yes");
    expect(c.get("NAME")).toBe("web");
    expect(c.format()).toBe(
      '# comment\nHOSTNAME="a.example.com"\nONBOOT="yes"\nNAME="web"\n\nDISKSPACE="10G:10G"\n',
    );
  });

  it("sets in place, appends new keys, last duplicate wins and is the one kept", () => {
    const c = VzConfig.parse('A="1"\nB="2"\nA="3"\n');
    expect(c.get("A")).toBe("3");
    c.set("A", "4");
    c.set("C", "5");
    expect(c.format()).toBe('B="2"\nA="4"\nC="5"\n');
  });

  it("refuses values that would break out of the quotes", () => {
    const c = new VzConfig();
    for (const v of ['a"b', "a\nb", "a$b", "a`b", "a\\b"]) expect(() => c.set("X", v)).toThrow();
  });
});
