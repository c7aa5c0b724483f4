import { describe, expect, it } from "vitest";
import { formatSizeInput, parseSizeMb } from "./sizes";

const mb = (text: string) => {
  const r = parseSizeMb(text);
  if (!r.ok) throw new Error(r.message);
  return r.mb;
};

describe("parseSizeMb", () => {
  it("reads binary units in long and short form, any case, with or without a space", () => {
    expect(mb("512 MiB")).toBe(512);
    expect(mb("512MiB")).toBe(512);
    expect(mb("512M")).toBe(512);
    expect(mb("512m")).toBe(512);
    expect(mb("1.5 GiB")).toBe(1536);
    expect(mb("10G")).toBe(10240);
    expect(mb("10 gib")).toBe(10240);
    expect(mb("2 TiB")).toBe(2 * 1024 * 1024);
    expect(mb("1T")).toBe(1024 * 1024);
    expect(mb("  64  ")).toBe(64);
  });

  it("takes a bare whole number as MiB and rounds fractions with a unit to the nearest MiB", () => {
    expect(mb("2048")).toBe(2048);
    expect(mb("0.1 GiB")).toBe(102);
    expect(mb("0.5M")).toBe(1);
  });

  it("refuses what it cannot read, saying how to write a size", () => {
    for (const [text, msg] of [
      ["", /is not a size/],
      ["lots", /is not a size/],
      ["-1G", /is not a size/],
      ["1,5G", /is not a size/],
      ["10 GB", /"GB" is not a unit here/],
      ["512 KiB", /at least 1 MiB/],
      ["1.5", /with a unit/],
      ["3000 TiB", /too large/],
    ] as const) {
      const r = parseSizeMb(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) {
        expect(r.message, text).toMatch(msg);
      }
    }
    const r = parseSizeMb("10 GB");
    expect(!r.ok && r.message).toContain("512 MiB, 1.5 GiB or 10G");
  });
});

describe("formatSizeInput", () => {
  it("writes the shortest exact form, which parses back to the same MiB", () => {
    expect(formatSizeInput(512)).toBe("512 MiB");
    expect(formatSizeInput(1536)).toBe("1.5 GiB");
    expect(formatSizeInput(10240)).toBe("10 GiB");
    expect(formatSizeInput(1100)).toBe("1100 MiB");
    expect(formatSizeInput(1024 * 1024)).toBe("1 TiB");
    expect(formatSizeInput(1024 * 1024 + 512)).toBe("1024.5 GiB");
    for (const v of [64, 100, 1000, 1024, 1280, 3000, 65536, 1024 * 1024 * 3 + 256 * 1024]) {
      expect(mb(formatSizeInput(v))).toBe(v);
    }
  });
});
