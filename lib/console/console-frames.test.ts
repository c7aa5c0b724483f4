import { describe, expect, it } from "vitest";
import { browserControlSchema, consoleQuerySchema } from "./console-frames";

describe("console frames", () => {
  it("accepts resize, pause and resume, and nothing else", () => {
    expect(browserControlSchema.safeParse({ type: "resize", cols: 120, rows: 40 }).success).toBe(true);
    expect(browserControlSchema.safeParse({ type: "pause" }).success).toBe(true);
    expect(browserControlSchema.safeParse({ type: "resize", cols: 0, rows: 40 }).success).toBe(false);
    expect(browserControlSchema.safeParse({ type: "exec", argv: ["rm", "-rf", "/"] }).success).toBe(false);
  });
  it("reads the socket URL's query with sane defaults", () => {
    expect(
      consoleQuerySchema.parse({ container: "cmwxygb0r00048z7d9flvzrm5", cols: "100", rows: "x" }),
    ).toEqual({
      container: "cmwxygb0r00048z7d9flvzrm5",
      cols: 100,
      rows: 24,
    });
    expect(consoleQuerySchema.safeParse({ container: "../../etc" }).success).toBe(false);
  });
});
