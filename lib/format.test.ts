import { describe, expect, it } from "vitest";
import { formatBytes, formatMb } from "./format";

describe("format", () => {
  it("shows MiB sizes in the largest fitting unit", () => {
    expect(formatMb(512)).toBe("512 MiB");
    expect(formatMb(10240)).toBe("10 GiB");
    expect(formatMb(1536)).toBe("1.5 GiB");
    expect(formatMb(null)).toBe("unlimited");
  });
  it("shows byte sizes", () => {
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(110 * 1024 * 1024)).toBe("110 MiB");
  });
});
