import { describe, expect, it } from "vitest";
import { parseCookies } from "./get-socket-actor";

describe("parseCookies", () => {
  it("reads the Cookie header of a websocket upgrade", () => {
    expect(parseCookies("a=1; next-auth.session-token=eyJ.x%3D; empty=")).toEqual({
      a: "1",
      "next-auth.session-token": "eyJ.x=",
      empty: "",
    });
    expect(parseCookies(undefined)).toEqual({});
    expect(parseCookies("junk; =x; b=%E0%A4%A")).toEqual({ b: "%E0%A4%A" });
  });
});
