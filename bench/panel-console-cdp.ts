// A minimal Chrome DevTools Protocol client for the console bench. Playwright enables the Network domain on
// every page, so Chromium serialises each websocket frame's payload (base64) into a CDP event and Playwright
// parses it: measured here, that cost the browser process ~25 and the bench ~18 CPU ms per MB of console
// output, on top of what a user's tab spends. This client enables only what the bench reads.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class Cdp {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Who hears CDP events (a domain's events arrive once it is enabled). */
  readonly eventListeners = new Set<(method: string, params: Record<string, unknown>) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
      };
      if (msg.id === undefined) {
        for (const l of this.eventListeners) l(msg.method ?? "", msg.params ?? {});
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  static async connect(url: string): Promise<Cdp> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    return new Cdp(ws);
  }

  send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** Headless Chromium with a debugging port, and a page session on it. */
export class Chromium {
  private constructor(
    private readonly child: ChildProcess,
    private readonly profileDir: string,
    readonly cdp: Cdp,
  ) {}

  static async launch(args: string[]): Promise<Chromium> {
    const profileDir = mkdtempSync(path.join(tmpdir(), "berth-bench-chromium-"));
    const child = spawn(
      process.env.BERTH_CHROMIUM ?? "/usr/bin/chromium",
      [
        "--headless=new",
        "--remote-debugging-port=0",
        `--user-data-dir=${profileDir}`,
        ...args,
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let err = "";
      const t = setTimeout(() => reject(new Error(`chromium did not start: ${err.slice(-500)}`)), 30_000);
      child.stderr?.on("data", (d: Buffer) => {
        err += d.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
        if (m?.[1]) {
          clearTimeout(t);
          resolve(m[1]);
        }
      });
      child.once("exit", (code) => reject(new Error(`chromium exited ${code}: ${err.slice(-500)}`)));
    });
    child.stderr?.resume();
    return new Chromium(child, profileDir, await Cdp.connect(url));
  }

  /** A new page (tab) and its flattened CDP session id. */
  async newPage(viewport: { width: number; height: number }): Promise<CdpPage> {
    const { targetId } = await this.cdp.send<{ targetId: string }>("Target.createTarget", {
      url: "about:blank",
    });
    const { sessionId } = await this.cdp.send<{ sessionId: string }>("Target.attachToTarget", {
      targetId,
      flatten: true,
    });
    const page = new CdpPage(this.cdp, sessionId, targetId);
    await page.send("Emulation.setDeviceMetricsOverride", {
      ...viewport,
      deviceScaleFactor: 1,
      mobile: false,
    });
    return page;
  }

  async close(): Promise<void> {
    this.cdp.close();
    this.child.kill("SIGTERM");
    await new Promise((r) => (this.child.exitCode !== null ? r(null) : this.child.once("exit", r)));
    // Chromium's helper processes may outlive the browser and go on writing the profile: end them first.
    spawnSync("pkill", ["-KILL", "-f", this.profileDir]);
    rmSync(this.profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

export class CdpPage {
  constructor(
    readonly cdp: Cdp,
    readonly sessionId: string,
    readonly targetId: string,
  ) {}

  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    return this.cdp.send<T>(method, params, this.sessionId);
  }

  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      "Runtime.evaluate",
      {
        expression,
        returnByValue: true,
        awaitPromise: true,
      },
    );
    if (r.exceptionDetails)
      throw new Error(`page: ${r.exceptionDetails.text} in ${expression.slice(0, 120)}`);
    return r.result.value;
  }

  /** Polls an expression until it is truthy. */
  async waitFor(expression: string, timeoutMs = 30_000, everyMs = 50): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  async key(
    key: string,
    o: { code: string; keyCode: number; text?: string; modifiers?: number } = {
      code: `Key${key.toUpperCase()}`,
      keyCode: key.toUpperCase().charCodeAt(0),
      text: key,
    },
  ): Promise<void> {
    const base = { key, code: o.code, windowsVirtualKeyCode: o.keyCode, modifiers: o.modifiers ?? 0 };
    await this.send("Input.dispatchKeyEvent", {
      type: o.text ? "keyDown" : "rawKeyDown",
      ...base,
      ...(o.text ? { text: o.text, unmodifiedText: o.text } : {}),
    });
    await this.send("Input.dispatchKeyEvent", { type: "keyUp", ...base });
  }

  enter(): Promise<void> {
    return this.key("Enter", { code: "Enter", keyCode: 13, text: "\r" });
  }

  ctrl(letter: string): Promise<void> {
    return this.key(letter, {
      code: `Key${letter.toUpperCase()}`,
      keyCode: letter.toUpperCase().charCodeAt(0),
      modifiers: 2,
    });
  }

  insertText(text: string): Promise<void> {
    return this.send("Input.insertText", { text });
  }

  async click(selector: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number }>(
      `(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
    );
    for (const type of ["mousePressed", "mouseReleased"])
      await this.send("Input.dispatchMouseEvent", { type, ...box, button: "left", clickCount: 1 });
  }
}
