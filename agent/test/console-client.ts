import WebSocket from "ws";
import { type ConsoleServerMessage, parseConsoleServerMessage } from "../protocol/console";

// A console client as the panel is one: opens the agent's websocket with a ticket path, collects terminal
// bytes and control frames, and waits for output.

export type Refused = { refused: true; status: number; body: string };

export class ConsoleClient {
  readonly controls: ConsoleServerMessage[] = [];
  private chunks: Buffer[] = [];
  bytes = 0;
  closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];
  /** Keep only the last this-many bytes (a flood test does not need them all). */
  keepBytes = 1 << 20;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => {
      const buf = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        this.bytes += buf.length;
        this.chunks.push(buf);
        let kept = 0;
        for (let i = this.chunks.length - 1; i >= 0; i--) {
          kept += this.chunks[i]?.length ?? 0;
          if (kept > this.keepBytes) {
            this.chunks = this.chunks.slice(i);
            break;
          }
        }
      } else {
        const m = parseConsoleServerMessage(buf.toString("utf8"));
        if (m) this.controls.push(m);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const w of this.waiters.splice(0)) w();
      }),
    );
  }

  static open(port: number, path: string, o: { tls?: boolean } = {}): Promise<ConsoleClient | Refused> {
    return new Promise((resolve, reject) => {
      // Over TLS the panel pins the agent's certificate fingerprint; the test only needs the channel.
      const ws = new WebSocket(`${o.tls ? "wss" : "ws"}://127.0.0.1:${port}${path}`, {
        perMessageDeflate: false,
        rejectUnauthorized: false,
      });
      ws.on("open", () => resolve(new ConsoleClient(ws)));
      ws.on("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (d: Buffer) => {
          body += d.toString();
        });
        res.on("end", () => resolve({ refused: true, status: res.statusCode ?? 0, body }));
        res.on("error", () => resolve({ refused: true, status: res.statusCode ?? 0, body }));
      });
      ws.on("error", reject);
    });
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }

  clear(): void {
    this.chunks = [];
  }

  type(s: string): void {
    this.ws.send(Buffer.from(s, "utf8"), { binary: true });
  }

  control(msg: unknown): void {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }

  /** Resolves when pred holds over the kept output, or rejects after timeoutMs with the tail of the output. */
  async waitFor(pred: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.text;
      if (pred(text)) return text;
      if (Date.now() > deadline || this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`console output did not match; last output: ${JSON.stringify(text.slice(-500))}`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
  }

  /** Resolves once more than n terminal bytes have arrived in all (no copying of the output). */
  async waitForBytes(n: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.bytes <= n) {
      if (Date.now() > deadline || this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`fewer than ${n} bytes arrived (${this.bytes})`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
  }

  close(): void {
    this.ws.close(1000);
  }
}

export function isRefused(c: ConsoleClient | Refused): c is Refused {
  return "refused" in c;
}
