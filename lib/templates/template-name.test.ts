import { describe, expect, it } from "vitest";
import { parseTemplateName } from "./template-name";

describe("parseTemplateName", () => {
  it("reads OpenVZ-style names", () => {
    expect(parseTemplateName("debian-12-x86_64-minimal")).toEqual({
      distro: "debian",
      version: "12",
      arch: "x86_64",
      variant: "minimal",
    });
    expect(parseTemplateName("busybox-1.35-x86_64-test")).toEqual({
      distro: "busybox",
      version: "1.35",
      arch: "x86_64",
      variant: "test",
    });
    expect(parseTemplateName("centos-5-i386")).toEqual({
      distro: "centos",
      version: "5",
      arch: "i386",
      variant: "default",
    });
  });
  it("refuses other names", () => {
    expect(parseTemplateName("../etc/passwd")).toBeNull();
    expect(parseTemplateName("Debian 12")).toBeNull();
    expect(parseTemplateName("debian-12-sparc")).toBeNull();
  });
});
