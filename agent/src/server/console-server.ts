import type http from "node:http";
import type https from "node:https";
import type { Duplex } from "node:stream";
import { type IPty, spawn } from "node-pty";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import {
  CONSOLE,
  CONSOLE_CLOSE,
  type ConsoleServerMessage,
  parseConsoleClientMessage,
} from "../../protocol/console";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import type { ConsoleTicket, ConsoleTicketStore } from "./console-tickets";

// The console websocket: `GET /v1/console?ticket=...` upgraded on the API's own server. One session is one
// `lxc-attach` login shell in a pty on the host. Invariants:
// - the ticket is redeemed (and so burnt) before anything else happens; a refusal is HTTP 401 and a log line;
// - output never queues without bound: the pty is paused while the socket holds more than highWaterBytes
//   unsent, or while the client asked for a pause; input is not read from the socket while the pty's own
//   write queue is long;
// - when a session ends for any reason, the pty's process group gets SIGHUP, then SIGKILL after a grace,
//   so no lxc-attach (and so no shell, which loses its terminal with it) outlives the session.

type Log = (rec: Record<string, unknown>) => void;

export type ConsoleServerOptions = {
  driver: LxcDriver;
  tickets: ConsoleTicketStore;
  log: Log;
  idleSec: number;
};

/** Inside the container: what a terminal emulator speaking UTF-8 needs. */
const SHELL_VARS = ["TERM=xterm-256color", "LANG=C.UTF-8"];
/** The pty's write queue (input to the shell) above which the agent stops reading the socket. */
const INPUT_HIGH_WATER = 1024 * 1024;
const INPUT_LOW_WATER = 64 * 1024;
const PING_INTERVAL_MS = 30_000;
/**
 * While output streams (the last frame was at least OUTPUT_BULK_BYTES and went out less than OUTPUT_COALESCE_MS
 * ago), output waits up to OUTPUT_COALESCE_MS for more, up to OUTPUT_FRAME_BYTES: lxc-attach relays the
 * container's pty 1 KiB at a time, and a websocket frame per read would cost the panel and the browser a
 * frame each. Anything else (a keystroke's echo, a prompt) goes out in the same turn of the event loop.
 */
const OUTPUT_COALESCE_MS = 2;
const OUTPUT_BULK_BYTES = 512;
const OUTPUT_FRAME_BYTES = 64 * 1024;
/** How long a killed shell's session waits to learn whether its container is stopping (see onShellExit). */
const KILLED_SHELL_STOP_WAIT_MS = 15_000;
/** Invalid control frames logged per session; the rest are only counted. */
const MAX_LOGGED_BAD_FRAMES = 5;

export function parseIdleSec(raw: string | undefined): number {
  if (raw === undefined || raw === "") return CONSOLE.defaultIdleSec;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1)
    throw new AgentError(
      "BAD_REQUEST",
      `BERTH_CONSOLE_IDLE_SEC must be a whole number of seconds ≥ 1, got "${raw}"`,
    );
  return Number(raw);
}

function refuseUpgrade(socket: Duplex, status: 401 | 404, message: string): void {
  const body = JSON.stringify({
    error: { code: status === 401 ? "UNAUTHORIZED" : "NOT_FOUND", message },
  });
  const reason = status === 401 ? "Unauthorized" : "Not Found";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * Bytes node-pty still holds for the pty (it queues writes the kernel refused with EAGAIN). node-pty has no
 * public drain signal, so this reads its write queue; if a future version renames it, this returns 0 and
 * only the websocket's maxPayload bounds a single frame.
 */
function ptyInputBacklog(p: IPty): number {
  const q = (p as unknown as { _writeStream?: { _writeQueue?: { buffer: Buffer; offset: number }[] } })
    ._writeStream?._writeQueue;
  if (!Array.isArray(q)) return 0;
  let n = 0;
  for (const t of q) n += t.buffer.length - t.offset;
  return n;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function idleWords(sec: number): string {
  return sec % 60 === 0 ? plural(sec / 60, "minute") : plural(sec, "second");
}

class ConsoleSession {
  private pty: IPty | null = null;
  private readonly startedAt = Date.now();
  private bytesIn = 0;
  private bytesOut = 0;
  private outQueue: Buffer[] = [];
  private outQueuedBytes = 0;
  private isFlushScheduled = false;
  private lastFlushAt = 0;
  private lastFrameBytes = 0;
  /** Times the pty was paused because the socket held more than highWaterBytes. */
  private outputPauses = 0;
  private badFrames = 0;
  private pausedByClient = false;
  private pausedByBuffer = false;
  private ptyPaused = false;
  private inputPaused = false;
  /**
   * Input held until the pty's first output: lxc-attach puts the terminal in raw mode with TCSAFLUSH, which
   * would throw away keystrokes that arrived before it (a panel that types as soon as the socket opens).
   */
  private pendingInput: Buffer[] | null = [];
  private pendingBytes = 0;
  private idleTimer: NodeJS.Timeout;
  private pingTimer: NodeJS.Timeout;
  private alive = true;
  private ending: string | null = null;
  private exitCode: number | null = null;
  private exited = false;
  private finished = false;
  readonly done: Promise<void>;
  private resolveDone: () => void = () => {};

  constructor(
    private readonly ws: WebSocket,
    private ticket: ConsoleTicket,
    private readonly remote: string | undefined,
    private readonly o: ConsoleServerOptions,
  ) {
    this.done = new Promise((r) => {
      this.resolveDone = r;
    });
    this.idleTimer = setTimeout(() => this.onIdle(), o.idleSec * 1000);
    this.pingTimer = setInterval(() => {
      // A panel that vanished without closing TCP would otherwise keep the shell until the idle timeout.
      if (!this.alive) return this.end("The connection to the panel was lost.", null, { lost: true });
      this.alive = false;
      if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
    }, PING_INTERVAL_MS);
    ws.on("pong", () => {
      this.alive = true;
    });
    // Listeners go on before the first await: ws drops messages nobody listens to.
    ws.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    ws.on("close", () => this.end("The client closed the console.", null, { fromClient: true }));
    ws.on("error", (err) => {
      this.o.log({ event: "console-socket-error", ctid: ticket.ctid, error: err.message });
    });
  }

  async start(): Promise<void> {
    const { ctid } = this.ticket;
    let args: string[];
    try {
      args = await this.o.driver.loginShellArgs(ctid, SHELL_VARS);
    } catch (err) {
      if (err instanceof AgentError && err.code === "VE_NOT_RUNNING")
        return this.end("The container is not running.", null);
      this.o.log({ event: "console-start-failed", ctid, error: (err as Error).message });
      this.send({ type: "error", message: "The console could not be started on the node." });
      return this.end("The console could not be started.", null, { closeCode: CONSOLE_CLOSE.startFailed });
    }
    if (this.ending) return this.finish();
    // A resize may have come in meanwhile.
    const { cols, rows } = this.ticket;
    try {
      this.pty = spawn("lxc-attach", args, {
        name: "xterm-256color",
        cols,
        rows,
        cwd: "/",
        // lxc-attach runs with --clear-env; the host side only needs a PATH.
        env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin" },
        encoding: null,
      });
    } catch (err) {
      this.o.log({ event: "console-start-failed", ctid, error: (err as Error).message });
      this.send({ type: "error", message: "The console could not be started on the node." });
      return this.end("The console could not be started.", null, { closeCode: CONSOLE_CLOSE.startFailed });
    }
    const p = this.pty;
    this.o.log({ event: "console-start", ctid, remote: this.remote, cols, rows, pid: p.pid });
    // With encoding null node-pty hands out Buffers; its typings still say string.
    p.onData((d: string | Buffer) => this.onOutput(typeof d === "string" ? Buffer.from(d) : d));
    p.onExit(({ exitCode, signal }) => {
      this.onShellExit(exitCode, signal ?? 0).catch((err) =>
        this.o.log({ event: "console-error", ctid, error: (err as Error).message }),
      );
    });
    // A pause the client sent before the pty existed.
    this.applyFlow();
  }

  private flushPendingInput(): void {
    const held = this.pendingInput;
    if (!held) return;
    this.pendingInput = null;
    if (this.pendingBytes > INPUT_HIGH_WATER) this.ws.resume();
    for (const b of held) this.writeInput(b);
  }

  private send(msg: ConsoleServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private onOutput(buf: Buffer): void {
    if (this.ending || this.ws.readyState !== this.ws.OPEN) return;
    this.flushPendingInput();
    this.bytesOut += buf.length;
    // A pty read returns a few KiB at most: reads gathered as OUTPUT_COALESCE_MS says go out as one frame,
    // which spares the panel and the browser tens of thousands of tiny frames in a flood.
    this.outQueue.push(buf);
    this.outQueuedBytes += buf.length;
    if (this.outQueuedBytes >= OUTPUT_FRAME_BYTES) {
      this.flushOutput();
      return;
    }
    if (this.isFlushScheduled) return;
    this.isFlushScheduled = true;
    const isStreaming =
      this.lastFrameBytes >= OUTPUT_BULK_BYTES && performance.now() - this.lastFlushAt < OUTPUT_COALESCE_MS;
    if (isStreaming) setTimeout(() => this.flushOutput(), OUTPUT_COALESCE_MS);
    else setImmediate(() => this.flushOutput());
  }

  private flushOutput(): void {
    const bufs = this.outQueue;
    this.outQueue = [];
    this.outQueuedBytes = 0;
    this.isFlushScheduled = false;
    if (bufs.length === 0 || this.ending || this.ws.readyState !== this.ws.OPEN) return;
    this.lastFlushAt = performance.now();
    const frame = bufs.length === 1 ? (bufs[0] as Buffer) : Buffer.concat(bufs);
    this.lastFrameBytes = frame.length;
    this.ws.send(frame, { binary: true }, () => this.checkOutputDrain());
    if (!this.pausedByBuffer && this.ws.bufferedAmount > CONSOLE.highWaterBytes) {
      this.pausedByBuffer = true;
      this.outputPauses++;
      this.applyFlow();
    }
  }

  /** Runs as each sent frame reaches the kernel; the last one of a backlog always sees it drained. */
  private checkOutputDrain(): void {
    if (this.pausedByBuffer && this.ws.bufferedAmount < CONSOLE.lowWaterBytes) {
      this.pausedByBuffer = false;
      this.applyFlow();
    }
  }

  private applyFlow(): void {
    const p = this.pty;
    if (!p) return;
    const pause = !this.ending && (this.pausedByClient || this.pausedByBuffer);
    if (pause === this.ptyPaused) return;
    this.ptyPaused = pause;
    if (pause) p.pause();
    else p.resume();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.ending) return;
    if (isBinary) {
      const buf = toBuffer(data);
      this.bytesIn += buf.length;
      this.idleTimer.refresh();
      if (this.pendingInput) {
        this.pendingInput.push(buf);
        this.pendingBytes += buf.length;
        // Stop reading the socket until the shell is up rather than hold an unbounded backlog.
        if (this.pendingBytes > INPUT_HIGH_WATER) this.ws.pause();
      } else this.writeInput(buf);
      return;
    }
    const msg = parseConsoleClientMessage(toBuffer(data).toString("utf8"));
    if (!msg) {
      this.badFrames++;
      if (this.badFrames <= MAX_LOGGED_BAD_FRAMES)
        this.o.log({
          event: "console-bad-frame",
          ctid: this.ticket.ctid,
          sample: toBuffer(data).subarray(0, 80).toString("utf8"),
        });
      return;
    }
    if (msg.type === "resize") {
      this.idleTimer.refresh();
      if (this.pty) {
        try {
          this.pty.resize(msg.cols, msg.rows);
        } catch {
          // the pty is closing: the exit frame follows
        }
      } else this.ticket = { ...this.ticket, cols: msg.cols, rows: msg.rows };
    } else {
      this.pausedByClient = msg.type === "pause";
      this.applyFlow();
    }
  }

  private writeInput(buf: Buffer): void {
    const p = this.pty;
    if (!p) return;
    p.write(buf);
    if (!this.inputPaused && ptyInputBacklog(p) > INPUT_HIGH_WATER) {
      // The shell is not reading (or reads slower than the client types/pastes): stop reading the socket
      // so TCP pushes back to the panel instead of the agent queueing the bytes.
      this.inputPaused = true;
      this.ws.pause();
      const poll = setInterval(() => {
        if (this.ending || !this.pty || ptyInputBacklog(this.pty) < INPUT_LOW_WATER) {
          clearInterval(poll);
          this.inputPaused = false;
          this.ws.resume();
        }
      }, 20);
    }
  }

  private onIdle(): void {
    this.end(`The console was idle for ${idleWords(this.o.idleSec)} and was closed.`, null);
  }

  private async onShellExit(exitCode: number, signal: number): Promise<void> {
    this.exited = true;
    if (this.ending) return this.finish();
    // A stopping container kills the shell (SIGKILL: lxc-attach reports 137) and its cgroup empties only when
    // the container's shutdown is done, seconds later with a graceful stop; so a killed shell waits for that
    // a while. A shell that exited by itself is answered at once (code 0) or after a short look.
    const waitMs = signal !== 0 || exitCode >= 128 ? KILLED_SHELL_STOP_WAIT_MS : exitCode === 0 ? 0 : 1000;
    const since = performance.now();
    let running = await this.o.driver.isRunning(this.ticket.ctid);
    while (running && !this.ending && performance.now() - since < waitMs) {
      await new Promise((r) => setTimeout(r, 200));
      running = await this.o.driver.isRunning(this.ticket.ctid);
    }
    const code = signal ? null : exitCode;
    const reason = !running
      ? "The container stopped."
      : signal
        ? `The shell was ended by signal ${signal}.`
        : exitCode === 0
          ? "The shell exited."
          : `The shell exited with code ${exitCode}.`;
    this.end(reason, code);
  }

  /** Ends the session once: exit frame and close (unless the client went first), then the pty's processes. */
  end(
    reason: string,
    code: number | null,
    o: { fromClient?: boolean; lost?: boolean; closeCode?: number } = {},
  ): void {
    if (this.ending) return;
    this.ending = reason;
    clearTimeout(this.idleTimer);
    clearInterval(this.pingTimer);
    // A peer that answers no ping would not answer a closing handshake either.
    if (o.lost) this.ws.terminate();
    else if (!o.fromClient && this.ws.readyState === this.ws.OPEN) {
      this.send({ type: "exit", code, reason });
      this.ws.close(o.closeCode ?? CONSOLE_CLOSE.normal, reason.slice(0, 120));
    }
    this.exitCode = code;
    const p = this.pty;
    if (!p || this.exited) {
      this.finish();
      return;
    }
    // Reading on lets node-pty see the hangup and report the exit; the bytes go nowhere now.
    p.resume();
    this.killGroup(p.pid, "SIGHUP");
    const kill = setTimeout(() => {
      if (!this.exited) this.killGroup(p.pid, "SIGKILL");
      // node-pty reports an exit once the pty closes; if that never comes, log the end anyway.
      setTimeout(() => this.finish(), 1000).unref();
    }, CONSOLE.killGraceMs);
    kill.unref();
  }

  private killGroup(pid: number, sig: NodeJS.Signals): void {
    // node-pty starts the child as a session (and so process group) leader: the group is lxc-attach and its
    // helpers on the host. The shell inside has its own pty from lxc-attach and gets SIGHUP when that closes.
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.idleTimer);
    clearInterval(this.pingTimer);
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING)
      this.ws.close(CONSOLE_CLOSE.normal);
    this.o.log({
      event: "console-end",
      ctid: this.ticket.ctid,
      remote: this.remote,
      durationMs: Date.now() - this.startedAt,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      outputPauses: this.outputPauses,
      reason: this.ending,
      code: this.exitCode,
      ...(this.badFrames ? { badFrames: this.badFrames } : {}),
    });
    this.resolveDone();
  }
}

/** Serves the console websocket on `server`. close() ends every session and waits for their processes. */
export function attachConsoleServer(
  server: http.Server | https.Server,
  o: ConsoleServerOptions,
): { close: () => Promise<void>; sessions: () => number } {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: CONSOLE.maxFrameBytes,
  });
  const sessions = new Set<ConsoleSession>();

  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => {});
    const remote = req.socket.remoteAddress;
    const url = new URL(req.url ?? "/", "http://agent");
    if (url.pathname.startsWith("/v1/migrations/")) return; // the migration receiver's (serve.ts)
    if (url.pathname !== CONSOLE.path) return refuseUpgrade(socket, 404, "no such endpoint");
    const refuse = (reason: string) => {
      o.log({ event: "console-refused", reason, path: url.pathname, remote });
      refuseUpgrade(socket, 401, `console refused: ${reason}`);
    };
    const r = o.tickets.redeem(url.searchParams.get("ticket"));
    if (!r.ok) return refuse(r.reason);
    const wantCtid = url.searchParams.get("ctid");
    if (wantCtid !== null && wantCtid !== String(r.ticket.ctid))
      return refuse(`the ticket names container ${r.ticket.ctid}, not ${wantCtid}`);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const s = new ConsoleSession(ws, r.ticket, remote, o);
      sessions.add(s);
      s.done.then(() => sessions.delete(s));
      s.start().catch((err) => {
        o.log({ event: "console-error", ctid: r.ticket.ctid, error: (err as Error).message });
        s.end("The console failed on the node.", null);
      });
    });
  });

  return {
    sessions: () => sessions.size,
    close: async () => {
      const all = [...sessions];
      for (const s of all)
        s.end("The node agent is shutting down.", null, { closeCode: CONSOLE_CLOSE.goingAway });
      await Promise.all(all.map((s) => s.done));
      wss.close();
    },
  };
}
