// The browser half of bench/panel-console: the real console page in the machine's Chromium (headless),
// xterm.js parsing and drawing included. The page is observed from outside, the way DevTools would: an
// init script wraps the page's WebSocket to time arrivals and count bytes, a MutationObserver watches the
// DOM renderer's rows, and CDP reads the JS heap. The product has no hook for any of this. Chromium is
// driven over a bare CDP connection, not Playwright (see panel-console-cdp.ts for why).
import { type CdpPage, Chromium } from "./panel-console-cdp";

export type BrowserFlood = {
  renderer: "webgl" | "dom";
  /** Terminal bytes that reached the page's websocket during the flood. */
  bytes: number;
  /** Bytes that reached the page's websocket, MB/s from the Enter key to the end marker's arrival. */
  wsMbps: number;
  /** Same bytes, MB/s until the end marker was drawn in the DOM renderer's rows (DOM only). */
  drawnMbps: number | null;
  /** Longest gap between animation frames during the flood, ms (a frozen tab shows here). */
  maxFrameGapMs: number;
  p95FrameGapMs: number;
};

export type KeyEcho = {
  /** Key event until the echo reaches the page's websocket, ms. */
  p50: number;
  p95: number;
  /** Key event until the page's console called send, ms. */
  keyToSendP95: number;
  /** The key's frame sent until the echo's frame received, as DevTools (CDP Network events) times them, ms. */
  wireP50: number;
  wireP95: number;
  /** Share of echoes the page got only after a frame was drawn following the key. */
  framedShare: number;
  /** For those: the echo's delivery after that frame, ms (median). */
  afterFrameP50: number | null;
};

export type HeapFigures = {
  beforeMb: number;
  peakMb: number;
  afterMb: number;
  floodMb: number;
  mbps: number;
};

type Probe = {
  /** The console's socket, for the bench's own round trips (rawEcho). */
  ws: WebSocket | null;
  bytes: number;
  keyAt: number;
  lastKeyAt: number;
  echoes: number[];
  /** For each echo: key event until the page's console handed the key to its socket. */
  keyToSend: number[];
  keySentAt: number;
  /** For each echo: ms from the first frame drawn after the key to the echo, or -1 (no frame between). */
  afterFrame: number[];
  lastFrameAt: number;
  drawnAt: number;
  watch: string | null;
  tail: string;
  wsDoneAt: number;
  gaps: number[];
  isRecordingGaps: boolean;
};

/** Runs in the page before its own scripts. */
function installProbe(): void {
  const probe: Probe = {
    ws: null,
    bytes: 0,
    keyAt: 0,
    lastKeyAt: 0,
    echoes: [],
    keyToSend: [],
    keySentAt: 0,
    afterFrame: [],
    lastFrameAt: 0,
    drawnAt: 0,
    watch: null,
    tail: "",
    wsDoneAt: 0,
    gaps: [],
    isRecordingGaps: false,
  };
  (window as unknown as { __probe: Probe }).__probe = probe;
  const decoder = new TextDecoder("latin1");
  document.addEventListener(
    "keydown",
    () => {
      probe.keyAt = performance.now();
      probe.lastKeyAt = probe.keyAt;
    },
    true,
  );
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      probe.ws = this;
      const send = this.send.bind(this);
      this.send = (data) => {
        if (probe.keyAt && !probe.keySentAt) probe.keySentAt = performance.now();
        send(data);
      };
      this.addEventListener("message", (e: MessageEvent) => {
        if (!(e.data instanceof ArrayBuffer)) return;
        const now = performance.now();
        probe.bytes += e.data.byteLength;
        if (probe.keyAt) {
          probe.echoes.push(now - probe.keyAt);
          if (probe.keySentAt) probe.keyToSend.push(probe.keySentAt - probe.keyAt);
          probe.afterFrame.push(probe.lastFrameAt > probe.keyAt ? now - probe.lastFrameAt : -1);
          probe.keyAt = 0;
          probe.keySentAt = 0;
        }
        if (probe.watch) {
          const n = e.data.byteLength;
          probe.tail = (probe.tail + decoder.decode(new Uint8Array(e.data, Math.max(0, n - 64)))).slice(-128);
          if (probe.tail.includes(probe.watch)) {
            probe.wsDoneAt = now;
            probe.watch = null;
          }
        }
      });
    }
  };
  let last = 0;
  const tick = (t: number) => {
    if (probe.isRecordingGaps && last) probe.gaps.push(t - last);
    last = t;
    probe.lastFrameAt = performance.now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

const PROBE = "window.__probe";

export class BrowserConsole {
  private constructor(
    private readonly chromium: Chromium,
    private readonly probeSource: string,
  ) {}

  /** extraFlags: more Chromium switches (the bench turns one of Chromium's input schedulings off with them). */
  static async open(o: {
    base: string;
    sessionCookie: string;
    extraFlags?: string[];
  }): Promise<BrowserConsole> {
    // As playwright.config.ts, minus --disable-gpu: WebGL (SwiftShader, on the CPU) is what a tab gets here.
    const chromium = await Chromium.launch([
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      "--enable-unsafe-swiftshader",
      // A tab driven over CDP counts as in the background; a user's tab in front is not throttled.
      "--disable-background-timer-throttling",
      "--disable-backgrounding-occluded-windows",
      "--disable-renderer-backgrounding",
      ...(o.extraFlags ?? []),
    ]);
    const [name, ...value] = o.sessionCookie.split("=");
    await chromium.cdp.send("Storage.setCookies", {
      cookies: [{ name, value: value.join("="), url: o.base }],
    });
    // tsx compiles with esbuild's keepNames, which wraps named functions in a `__name` helper that only
    // exists in Node: give the page a stand-in, or the probe stops at its first named function.
    return new BrowserConsole(chromium, `var __name = (f) => f;\n(${installProbe.toString()})();`);
  }

  async page(url: string, renderer: "auto" | "webgl" | "dom"): Promise<ConsolePage> {
    const page = await this.chromium.newPage({ width: 1280, height: 800 });
    await page.send("Page.enable");
    await page.send("Page.addScriptToEvaluateOnNewDocument", { source: this.probeSource });
    await page.send("Page.navigate", { url });
    await page
      .waitFor(`document.querySelector('[data-testid="console-status"]')?.textContent === "Connected"`)
      .catch(async (err: Error) => {
        const status = await page.evaluate<string | null>(
          `document.querySelector('[data-testid="console-status"]')?.textContent ?? null`,
        );
        throw new Error(`console page ${url} did not connect (status: ${status}): ${err.message}`);
      });
    // Chosen as a user would: the Renderer select, remembered by the browser.
    const select = `[...document.querySelectorAll("label")].find((l) => l.textContent.startsWith("Renderer")).querySelector("select")`;
    await page.evaluate(
      `(() => { const s = ${select}; s.value = ${JSON.stringify(renderer)}; s.dispatchEvent(new Event("change", { bubbles: true })); })()`,
    );
    await page.waitFor(`${select}.value === ${JSON.stringify(renderer)}`);
    await new Promise((r) => setTimeout(r, 200));
    const isFallback = await page.evaluate<boolean>(
      `Boolean(document.querySelector('[data-testid="console-renderer-note"]'))`,
    );
    return new ConsolePage(page, renderer === "dom" || isFallback ? "dom" : "webgl");
  }

  async dispose(): Promise<void> {
    await this.chromium.close();
  }
}

export class ConsolePage {
  constructor(
    readonly page: CdpPage,
    readonly renderer: "webgl" | "dom",
  ) {}

  private async typeLine(line: string): Promise<void> {
    await this.page.insertText(line);
    await this.page.enter();
  }

  private watch(marker: string): Promise<void> {
    return this.page.evaluate(
      `(() => { const p = ${PROBE}; p.watch = ${JSON.stringify(marker)}; p.tail = ""; p.wsDoneAt = 0; })()`,
    );
  }

  async prepare(): Promise<void> {
    await this.page.click('[data-testid="terminal"]');
    await this.watch("READY-2");
    await this.typeLine("export PS1='$ '; echo READY-$((1+1))");
    await this.page.waitFor(`${PROBE}.watch === null`);
  }

  /**
   * The page's websocket round trip without a key event: a byte sent on the console's socket from the page
   * until its echo arrives. Next to echo(), it shows what Chromium adds between a key and the socket.
   */
  async socketEcho(n: number): Promise<{ p50: number; p95: number }> {
    const times = await this.page.evaluate<number[]>(`(async () => {
      const p = ${PROBE};
      const out = [];
      for (let i = 0; i < ${n}; i++) {
        const before = p.echoes.length;
        p.keyAt = performance.now();
        p.ws.send(new TextEncoder().encode("b"));
        while (p.echoes.length === before) await new Promise((r) => setTimeout(r, 0));
        out.push(p.echoes[p.echoes.length - 1]);
        if (i % 50 === 49) p.ws.send(new TextEncoder().encode("\\u0015"));
      }
      p.ws.send(new TextEncoder().encode("\\u0015"));
      return out;
    })()`);
    return { p50: pct(times, 50), p95: pct(times, 95) };
  }

  /**
   * Keystroke echo: keydown in the page until the echoed byte reaches the page's websocket, split into what
   * happens before the key's frame leaves the page, the round trip DevTools sees (CDP Network events, timed
   * in the page's process), and how often a drawn frame came between the key and the echo's delivery.
   */
  async echo(keys: number): Promise<KeyEcho> {
    await this.page.evaluate(`Object.assign(${PROBE}, { echoes: [], keyToSend: [], afterFrame: [] })`);
    const wire: number[] = [];
    let sentAt = 0;
    const onEvent = (method: string, params: Record<string, unknown>) => {
      const ms = Number(params.timestamp) * 1000;
      if (method === "Network.webSocketFrameSent") sentAt = ms;
      else if (method === "Network.webSocketFrameReceived" && sentAt) {
        wire.push(ms - sentAt);
        sentAt = 0;
      }
    };
    this.page.cdp.eventListeners.add(onEvent);
    await this.page.send("Network.enable");
    try {
      for (let i = 0; i < keys; i++) {
        await this.page.key("a");
        await this.page.waitFor(`${PROBE}.echoes.length > ${i}`, 5000, 2);
        if (i % 50 === 49) await this.page.ctrl("u");
      }
      await this.page.ctrl("u");
    } finally {
      await this.page.send("Network.disable");
      this.page.cdp.eventListeners.delete(onEvent);
    }
    const p = await this.page.evaluate<{ echoes: number[]; keyToSend: number[]; afterFrame: number[] }>(
      `({ echoes: ${PROBE}.echoes, keyToSend: ${PROBE}.keyToSend, afterFrame: ${PROBE}.afterFrame })`,
    );
    const afterFrame = p.afterFrame.filter((x) => x >= 0);
    return {
      p50: pct(p.echoes, 50),
      p95: pct(p.echoes, 95),
      keyToSendP95: pct(p.keyToSend, 95),
      wireP50: pct(wire, 50),
      wireP95: pct(wire, 95),
      framedShare: p.afterFrame.length ? afterFrame.length / p.afterFrame.length : 0,
      afterFrameP50: afterFrame.length ? pct(afterFrame, 50) : null,
    };
  }

  /** Types the flood command and times it at the websocket and, with the DOM renderer, until drawn. */
  async flood(command: string, marker: string): Promise<Omit<BrowserFlood, "renderer">> {
    await this.watch(marker);
    const start = await this.page.evaluate<{ bytes: number }>(`(() => {
      const p = ${PROBE};
      p.gaps = [];
      p.isRecordingGaps = true;
      p.drawnAt = 0;
      if (${this.renderer === "dom"}) {
        const rows = document.querySelector('[data-testid="terminal"] .xterm-rows');
        const observer = new MutationObserver(() => {
          if (rows.textContent.includes(${JSON.stringify(marker)})) {
            observer.disconnect();
            p.drawnAt = performance.now();
          }
        });
        observer.observe(rows, { childList: true, subtree: true, characterData: true });
      }
      return { bytes: p.bytes };
    })()`);
    await this.page.insertText(command);
    await this.page.enter();
    const t0 = await this.page.evaluate<number>(`${PROBE}.lastKeyAt`);
    await this.page.waitFor(`${PROBE}.watch === null`, 600_000, 100);
    if (this.renderer === "dom") await this.page.waitFor(`${PROBE}.drawnAt > 0`, 60_000, 20);
    const end = await this.page.evaluate<{
      bytes: number;
      wsDoneAt: number;
      drawnAt: number;
      gaps: number[];
    }>(
      `(() => { const p = ${PROBE}; p.isRecordingGaps = false; return { bytes: p.bytes, wsDoneAt: p.wsDoneAt, drawnAt: p.drawnAt, gaps: p.gaps }; })()`,
    );
    const mb = (end.bytes - start.bytes) / 1e6;
    return {
      bytes: end.bytes - start.bytes,
      wsMbps: mb / ((end.wsDoneAt - t0) / 1000),
      drawnMbps: this.renderer === "dom" ? mb / ((end.drawnAt - t0) / 1000) : null,
      maxFrameGapMs: Math.max(0, ...end.gaps),
      p95FrameGapMs: pct(end.gaps, 95),
    };
  }

  /**
   * A CPU profile of the page during a flood (BERTH_BENCH_PROFILE=1): self time by function, the top ones,
   * to show what the renderer spends its time on.
   */
  async profile(command: string, marker: string): Promise<string[]> {
    await this.page.send("Profiler.enable");
    await this.page.send("Profiler.setSamplingInterval", { interval: 500 });
    await this.page.send("Profiler.start");
    await this.flood(command, marker);
    const { profile } = await this.page.send<{ profile: CpuProfile }>("Profiler.stop");
    await this.page.send("Profiler.disable");
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const f = byId.get(id)?.callFrame;
      if (!f) return;
      const where = f.url ? `${f.url.split("/").pop()}:${f.lineNumber}` : "";
      const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
      self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    return [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(
        ([k, ms]) => `${((100 * ms) / total).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${k}`,
      );
  }

  /** JS heap (CDP Performance.getMetrics) before, at the peak during, and after a flood; GC before the ends. */
  async heapDuring(command: string, marker: string, floodMb: number): Promise<HeapFigures> {
    await this.page.send("Performance.enable");
    const heapMb = async () => {
      const { metrics } = await this.page.send<{ metrics: { name: string; value: number }[] }>(
        "Performance.getMetrics",
      );
      return (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0) / 1e6;
    };
    await this.page.send("HeapProfiler.collectGarbage");
    const beforeMb = await heapMb();
    let peakMb = beforeMb;
    let isFlooding = true;
    const sampler = (async () => {
      while (isFlooding) {
        peakMb = Math.max(peakMb, await heapMb());
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const flood = await this.flood(command, marker);
    isFlooding = false;
    await sampler;
    await new Promise((r) => setTimeout(r, 1000));
    await this.page.send("HeapProfiler.collectGarbage");
    const afterMb = await heapMb();
    await this.page.send("Performance.disable");
    return { beforeMb, peakMb, afterMb, floodMb, mbps: flood.wsMbps };
  }

  async close(): Promise<void> {
    await this.page.send("Page.close");
  }
}

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
};
