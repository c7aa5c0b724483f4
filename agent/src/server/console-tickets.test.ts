import { describe, expect, it } from "vitest";
import { CONSOLE } from "../../protocol/console";
import { ConsoleTicketStore } from "./console-tickets";

describe("console ticket store", () => {
  it("a ticket works once, names its container, and expires after the TTL", () => {
    let now = 1_000_000;
    const store = new ConsoleTicketStore(() => now);
    const a = store.issue({ ctid: 101, cols: 80, rows: 24 });
    const b = store.issue({ ctid: 102, cols: 80, rows: 24 });
    if (!a || !b) throw new Error("not issued");
    expect(a.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.ticket).not.toBe(b.ticket);
    expect(a.expiresAtMs).toBe(now + CONSOLE.ticketTtlSec * 1000);
    expect(store.redeem(a.ticket)).toEqual({
      ok: true,
      ticket: { ctid: 101, cols: 80, rows: 24, expiresAtMs: a.expiresAtMs },
    });
    expect(store.redeem(a.ticket)).toEqual({ ok: false, reason: "unknown or already used ticket" });
    now += CONSOLE.ticketTtlSec * 1000 + 1;
    expect(store.redeem(b.ticket)).toEqual({ ok: false, reason: "expired ticket" });
    expect(store.redeem(b.ticket)).toEqual({ ok: false, reason: "unknown or already used ticket" });
    expect(store.redeem("")).toEqual({ ok: false, reason: "missing ticket" });
    expect(store.redeem(null)).toEqual({ ok: false, reason: "missing ticket" });
  });

  it("a new store (a restarted agent) knows no earlier ticket", () => {
    const issued = new ConsoleTicketStore().issue({ ctid: 101, cols: 80, rows: 24 });
    expect(new ConsoleTicketStore().redeem(issued?.ticket)).toEqual({
      ok: false,
      reason: "unknown or already used ticket",
    });
  });

  it("caps open tickets and sweeps expired ones", () => {
    let now = 0;
    const store = new ConsoleTicketStore(() => now);
    for (let i = 0; i < CONSOLE.maxOpenTickets; i++) store.issue({ ctid: 101, cols: 1, rows: 1 });
    expect(store.issue({ ctid: 101, cols: 1, rows: 1 })).toBeNull();
    now += CONSOLE.ticketTtlSec * 1000 + 1;
    expect(store.issue({ ctid: 101, cols: 1, rows: 1 })).not.toBeNull();
    expect(store.size).toBe(1);
  });
});
