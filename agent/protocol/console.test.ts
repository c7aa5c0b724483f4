import { describe, expect, it } from "vitest";
import {
  CONSOLE,
  consolePath,
  consoleServerMessageSchema,
  consoleTicketReplySchema,
  consoleTicketRequestSchema,
  parseConsoleClientMessage,
  parseConsoleServerMessage,
} from "./console";

describe("console control frames", () => {
  it("accepts resize, pause and resume", () => {
    expect(parseConsoleClientMessage('{"type":"resize","cols":120,"rows":40}')).toEqual({
      type: "resize",
      cols: 120,
      rows: 40,
    });
    expect(parseConsoleClientMessage('{"type":"pause"}')).toEqual({ type: "pause" });
    expect(parseConsoleClientMessage('{"type":"resume"}')).toEqual({ type: "resume" });
  });

  it("rejects anything else without throwing", () => {
    for (const text of [
      "",
      "not json",
      "null",
      "[]",
      '"resize"',
      '{"type":"resize","cols":0,"rows":40}',
      '{"type":"resize","cols":1001,"rows":40}',
      '{"type":"resize","cols":80.5,"rows":40}',
      '{"type":"resize","cols":"80","rows":40}',
      '{"type":"resize","cols":80}',
      '{"type":"pause","extra":1}',
      '{"type":"exec","command":"id"}',
      '{"type":"exit","code":0,"reason":"x"}',
      '{"__proto__":{"type":"pause"}}',
    ])
      expect(parseConsoleClientMessage(text), text).toBeNull();
  });

  it("agent messages: exit with a code or null, error with a message", () => {
    expect(
      parseConsoleServerMessage('{"type":"exit","code":null,"reason":"The container stopped."}'),
    ).toEqual({
      type: "exit",
      code: null,
      reason: "The container stopped.",
    });
    expect(consoleServerMessageSchema.safeParse({ type: "exit", code: 130, reason: "x" }).success).toBe(true);
    expect(consoleServerMessageSchema.safeParse({ type: "error", message: "no" }).success).toBe(true);
    expect(consoleServerMessageSchema.safeParse({ type: "exit", reason: "x" }).success).toBe(false);
    expect(parseConsoleServerMessage('{"type":"resize","cols":1,"rows":1}')).toBeNull();
  });
});

describe("console tickets", () => {
  it("request: a CTID and a size within 1..1000, nothing else", () => {
    expect(consoleTicketRequestSchema.safeParse({ ctid: 101, cols: 80, rows: 24 }).success).toBe(true);
    expect(consoleTicketRequestSchema.safeParse({ ctid: 101, cols: 1000, rows: 1 }).success).toBe(true);
    expect(consoleTicketRequestSchema.safeParse({ ctid: 99, cols: 80, rows: 24 }).success).toBe(false);
    expect(consoleTicketRequestSchema.safeParse({ ctid: 101, cols: 80 }).success).toBe(false);
    expect(consoleTicketRequestSchema.safeParse({ ctid: 101, cols: 80, rows: 24, user: "x" }).success).toBe(
      false,
    );
  });

  it("reply: the path carries the ticket", () => {
    const ticket = "a".repeat(43);
    expect(consolePath(ticket)).toBe(`${CONSOLE.path}?ticket=${ticket}`);
    expect(
      consoleTicketReplySchema.safeParse({
        ticket,
        expiresAt: new Date().toISOString(),
        path: consolePath(ticket),
      }).success,
    ).toBe(true);
    expect(consoleTicketReplySchema.safeParse({ ticket: "short", expiresAt: "x", path: "/" }).success).toBe(
      false,
    );
    expect(CONSOLE.lowWaterBytes).toBeLessThan(CONSOLE.highWaterBytes);
  });
});
