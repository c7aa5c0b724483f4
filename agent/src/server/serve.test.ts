import { describe, expect, it } from "vitest";
import { isLoopback, parseServeArgs } from "./serve";

describe("serve options", () => {
  it("allows plain HTTP only on loopback", () => {
    expect(parseServeArgs(["--listen", "127.0.0.1:7080", "--insecure-http"])).toEqual({
      host: "127.0.0.1",
      port: 7080,
      insecureHttp: true,
    });
    expect(parseServeArgs(["--listen", "[::1]:7080", "--insecure-http"]).host).toBe("::1");
    expect(() => parseServeArgs(["--listen", "0.0.0.0:7080", "--insecure-http"])).toThrow(/loopback/);
    expect(() => parseServeArgs(["--listen", "10.231.0.1:7080", "--insecure-http"])).toThrow(/loopback/);
    expect(parseServeArgs([])).toEqual({ host: "0.0.0.0", port: 7443, insecureHttp: false });
    expect(isLoopback("127.0.0.2")).toBe(true);
    expect(isLoopback("localhost.evil.com")).toBe(false);
  });
});
