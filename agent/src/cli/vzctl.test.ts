import { describe, expect, it } from "vitest";
import { AgentError } from "../errors";
import { parseOptions, setParamsFromOptions } from "./vzctl";

const params = (args: string[]) => setParamsFromOptions(parseOptions(args));

describe("vzctl options", () => {
  it("parses the seed's set command", () => {
    expect(
      params([
        "--name",
        "mynew",
        "--nameserver",
        "205.171.2.65 205.171.3.65",
        "--diskspace",
        "10G:10G",
        "--save",
      ]),
    ).toEqual({
      name: "mynew",
      nameserver: ["205.171.2.65", "205.171.3.65"],
      diskspace: { barrier: 10485760, limit: 10485760 },
    });
  });

  it("maps --ram/--swap to PHYSPAGES/SWAPPAGES 0:N and takes --opt=value", () => {
    expect(params(["--ram=256M", "--swap", "512M", "--numproc", "unlimited", "--cpulimit", "50%"])).toEqual({
      physpages: { barrier: 0, limit: 65536 },
      swappages: { barrier: 0, limit: 131072 },
      numproc: { barrier: Number.POSITIVE_INFINITY, limit: Number.POSITIVE_INFINITY },
      cpulimit: 50,
    });
  });

  it("repeats --ipadd and --userpasswd; --ipdel all", () => {
    expect(
      params(["--ipadd", "10.0.0.1", "--ipadd", "2001:db8::1", "--userpasswd", "root:a:b", "--ipdel", "all"]),
    ).toEqual({
      ipadd: ["10.0.0.1", "2001:db8::1"],
      ipdel: "all",
      userpasswd: [{ user: "root", password: "a:b" }],
    });
  });

  it("refuses shell syntax and option-looking values", () => {
    const bad: string[][] = [
      ["--hostname", "a;reboot"],
      ["--hostname", "-x"],
      ["--hostname", "$(id)"],
      ["--ipadd", "1.2.3.4;id"],
      ["--nameserver", "`id`"],
      ["--userpasswd", "-u:x"],
      ["--userpasswd", "root:a\nb"],
      ["--onboot", "maybe"],
      ["--diskspace", "1;2"],
      ["--bogus", "x"],
    ];
    for (const b of bad) expect(() => params(b), b.join(" ")).toThrow(AgentError);
  });
});
