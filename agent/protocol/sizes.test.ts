import { describe, expect, it } from "vitest";
import {
  formatBarrierLimit,
  LONG_MAX_TEXT,
  PAGE_SIZE,
  parseBarrierLimit,
  parseValue,
  SizeSyntaxError,
} from "./sizes";

describe("vzctl sizes", () => {
  it("converts suffixed sizes into the parameter's unit", () => {
    expect(parseValue("10G", 1024)).toBe(10 * 1024 * 1024);
    expect(parseValue("256M", PAGE_SIZE)).toBe(65536);
    expect(parseValue("2.2G", 1024)).toBe(Math.ceil((2.2 * 1024 ** 3) / 1024));
    expect(parseValue("512", 1)).toBe(512);
    expect(parseValue("1k", 1024)).toBe(1);
  });

  it("reads unlimited and LONG_MAX as Infinity and writes them back as LONG_MAX", () => {
    expect(parseValue("unlimited", 1)).toBe(Number.POSITIVE_INFINITY);
    expect(parseValue(LONG_MAX_TEXT, PAGE_SIZE)).toBe(Number.POSITIVE_INFINITY);
    expect(formatBarrierLimit({ barrier: 0, limit: Number.POSITIVE_INFINITY })).toBe(`0:${LONG_MAX_TEXT}`);
  });

  it("parses barrier:limit and a single value as both", () => {
    expect(parseBarrierLimit("10G:11G", 1024)).toEqual({ barrier: 10485760, limit: 11534336 });
    expect(parseBarrierLimit("300", 1)).toEqual({ barrier: 300, limit: 300 });
    expect(parseBarrierLimit("0:unlimited", PAGE_SIZE)).toEqual({
      barrier: 0,
      limit: Number.POSITIVE_INFINITY,
    });
  });

  it("refuses garbage, options and a limit below the barrier", () => {
    for (const bad of ["", "-1", "--help", "1X", "1;reboot", "$(id)", "1.5", "10G:5G", "1:2:3"]) {
      expect(() => parseBarrierLimit(bad, 1)).toThrow(SizeSyntaxError);
    }
    expect(() => parseValue("5M", 1)).toThrow(SizeSyntaxError);
  });
});
