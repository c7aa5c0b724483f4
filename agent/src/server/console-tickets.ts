import { randomBytes } from "node:crypto";
import { CONSOLE } from "../../protocol/console";

// Console tickets: single-use, CONSOLE.ticketTtlSec-lived, naming one container, kept only in memory so a
// restarted agent honours none issued before it. The ticket is the only credential of the websocket: it was
// handed out in reply to a request signed by a trusted panel key.

export type ConsoleTicket = { ctid: number; cols: number; rows: number; expiresAtMs: number };
export type RedeemResult =
  | { ok: true; ticket: ConsoleTicket }
  | { ok: false; reason: "missing ticket" | "unknown or already used ticket" | "expired ticket" };

export class ConsoleTicketStore {
  private readonly open = new Map<string, ConsoleTicket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Returns null when too many tickets are outstanding (a flood from a signed client). */
  issue(o: { ctid: number; cols: number; rows: number }): { ticket: string; expiresAtMs: number } | null {
    this.sweep();
    if (this.open.size >= CONSOLE.maxOpenTickets) return null;
    const ticket = randomBytes(CONSOLE.ticketBytes).toString("base64url");
    const expiresAtMs = this.now() + CONSOLE.ticketTtlSec * 1000;
    this.open.set(ticket, { ...o, expiresAtMs });
    return { ticket, expiresAtMs };
  }

  /** Takes the ticket out whatever the outcome: a ticket is tried once. */
  redeem(ticket: string | null | undefined): RedeemResult {
    if (!ticket) return { ok: false, reason: "missing ticket" };
    const t = this.open.get(ticket);
    if (!t) return { ok: false, reason: "unknown or already used ticket" };
    this.open.delete(ticket);
    if (this.now() > t.expiresAtMs) return { ok: false, reason: "expired ticket" };
    return { ok: true, ticket: t };
  }

  get size(): number {
    return this.open.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, t] of this.open) if (now > t.expiresAtMs) this.open.delete(k);
  }
}
