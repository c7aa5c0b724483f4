import { describe, expect, it } from "vitest";
import { checkRsyncServerArgs } from "./rsync-args";

describe("checkRsyncServerArgs", () => {
  it("accepts what our client sends", () => {
    const args = [
      "--server",
      "-lHogDtpAXrSe.iLsfxCIvu",
      "--delete",
      "--stats",
      "--numeric-ids",
      "--inplace",
      ".",
      ".",
    ];
    expect(checkRsyncServerArgs(args)).toEqual({ ok: true, args });
  });

  it("refuses a sender, other paths, unknown options and short flags", () => {
    const base = ["--server", "-lHogDtpAXrSe.iLsfxCIvu"];
    const refused = [
      ["--server", "--sender", "-lHogDtpAXrSe.iLsfxCIvu", ".", "."],
      [...base, "--delete", ".", "/etc"],
      [...base, "--delete", ".", "../"],
      [...base, "--temp-dir=/tmp", ".", "."],
      [...base, "--remove-source-files", ".", "."],
      [...base, "--log-file=/etc/passwd", ".", "."],
      ["--server", "-lHogDtpAXrSRe.iLsfxCIvu", ".", "."],
      ["--server", "-lHogDtpAXrS", ".", "."],
      ["-lHogDtpAXrSe.iLsfxCIvu", "--server", ".", "."],
      [...base, "--delete", "--delete", ".", "."],
      [...base, ".", ".", "."],
      "--server -l . .",
      [...base, 1, ".", "."],
    ];
    for (const a of refused) expect(checkRsyncServerArgs(a).ok, JSON.stringify(a)).toBe(false);
  });
});
