import { z } from "zod";
import { ctidSchema } from "./fields";

// The agent side of the browser console (`vzctl enter` in a browser). Two steps:
//
// 1. `POST /v1/console-tickets` (signed like every request) with {ctid, cols, rows}; the agent answers
//    (signed) with a single-use ticket that names that one container and expires CONSOLE.ticketTtlSec after
//    issue. Tickets live only in the agent's memory: a restart invalidates every ticket issued before it.
// 2. `GET <path>` (path from the reply, `/v1/console?ticket=...`) with an HTTP Upgrade to websocket on the same
//    server. The ticket is the only credential there. A missing, unknown, expired or used ticket gets HTTP 401
//    on the upgrade. An optional `ctid=<n>` query parameter must match the ticket's CTID (401 otherwise), so a
//    client that wants to pin the container can.
//
// On the socket: binary frames carry terminal bytes both ways, untouched (UTF-8 passes as bytes). Text frames
// carry the JSON control messages below. An invalid control frame is ignored (the agent logs it).

export const CONSOLE = {
  /** Endpoint of the websocket upgrade. */
  path: "/v1/console",
  /** Seconds a ticket is valid after issue. */
  ticketTtlSec: 10,
  /** Random bytes in a ticket (base64url, so 43 characters). */
  ticketBytes: 32,
  /** Most tickets outstanding at once; more are refused until some expire or are used. */
  maxOpenTickets: 1000,
  maxCols: 1000,
  maxRows: 1000,
  /** The agent pauses the pty when the socket's unsent output exceeds this many bytes... */
  highWaterBytes: 1024 * 1024,
  /** ...and resumes it once it is back under this. */
  lowWaterBytes: 256 * 1024,
  /** Largest frame the agent accepts from the client, bytes (a paste arrives as one frame). */
  maxFrameBytes: 1024 * 1024,
  /** Default idle timeout (no keystroke or resize from the client), seconds; env BERTH_CONSOLE_IDLE_SEC. */
  defaultIdleSec: 1800,
  /** Grace between SIGHUP and SIGKILL of the pty's process group when a session ends, ms. */
  killGraceMs: 2000,
} as const;

/** Websocket close codes the agent uses (RFC 6455; 4000-4999 are for applications). */
export const CONSOLE_CLOSE = {
  /** The shell exited, the container stopped, or the session timed out: an exit frame came first. */
  normal: 1000,
  /** The agent is shutting down. */
  goingAway: 1001,
  /** The shell could not be started (an error frame came first). */
  startFailed: 4500,
} as const;

const dimension = (max: number) => z.number().int().min(1).max(max);

export const consoleTicketRequestSchema = z
  .object({
    ctid: ctidSchema,
    cols: dimension(CONSOLE.maxCols),
    rows: dimension(CONSOLE.maxRows),
  })
  .strict();
export type ConsoleTicketRequest = z.infer<typeof consoleTicketRequestSchema>;

export const consoleTicketSchema = z.string().regex(/^[A-Za-z0-9_-]{43,128}$/);

export const consoleTicketReplySchema = z.object({
  ticket: consoleTicketSchema,
  expiresAt: z.iso.datetime(),
  /** Path and query to open the websocket with, on the same host and port as the API. */
  path: z.string().startsWith(`${CONSOLE.path}?`),
});
export type ConsoleTicketReply = z.infer<typeof consoleTicketReplySchema>;

export function consolePath(ticket: string): string {
  return `${CONSOLE.path}?ticket=${encodeURIComponent(ticket)}`;
}

// ---------- control frames (JSON text frames) ----------

export const consoleResizeSchema = z
  .object({ type: z.literal("resize"), cols: dimension(CONSOLE.maxCols), rows: dimension(CONSOLE.maxRows) })
  .strict();

/** Client → agent. pause/resume stop and restart output, e.g. from xterm.js's write-callback watermarks. */
export const consoleClientMessageSchema = z.discriminatedUnion("type", [
  consoleResizeSchema,
  z.object({ type: z.literal("pause") }).strict(),
  z.object({ type: z.literal("resume") }).strict(),
]);
export type ConsoleClientMessage = z.infer<typeof consoleClientMessageSchema>;

/** Agent → client. `exit` ends the session (then close 1000); `error` says what went wrong, in words. */
export const consoleServerMessageSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("exit"),
      /** The shell's exit code; null when it was killed by a signal or the session was ended by the agent. */
      code: z.number().int().nullable(),
      reason: z.string().max(500),
    })
    .strict(),
  z.object({ type: z.literal("error"), message: z.string().max(500) }).strict(),
]);
export type ConsoleServerMessage = z.infer<typeof consoleServerMessageSchema>;

/** Parses a text frame; null for anything that is not valid JSON matching the schema. */
export function parseConsoleClientMessage(text: string): ConsoleClientMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const r = consoleClientMessageSchema.safeParse(json);
  return r.success ? r.data : null;
}

export function parseConsoleServerMessage(text: string): ConsoleServerMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const r = consoleServerMessageSchema.safeParse(json);
  return r.success ? r.data : null;
}
