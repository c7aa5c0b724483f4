"use client";

import "@xterm/xterm/css/xterm.css";
import type { Terminal } from "@xterm/xterm";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type ConsoleRenderer,
  type ConsoleRendererChoice,
  type ConsoleSettings,
  ConsoleSettingsBar,
  DEFAULT_CONSOLE_SETTINGS,
  loadConsoleSettings,
  saveConsoleSettings,
} from "./console-settings";
import { useI18n } from "./i18n-provider";

// Output handed to xterm.js but not parsed yet: above HIGH the agent is asked to pause the container's
// pty, below LOW to resume, so a flood (`cat /dev/urandom | base64`) neither freezes the tab nor grows
// memory on any hop. LOW is large enough that xterm.js still has work while the resume travels back
// through the panel and the agent and the pty refills the pipe.
const HIGH = 2 * 1024 * 1024;
const LOW = 512 * 1024;
/** A write callback every this many bytes (and on the write that crosses HIGH), not on every frame. */
const CALLBACK_BYTES = 64 * 1024;

/** The live terminal, for settings changed after it opened. */
type LiveTerminal = { term: Terminal; applyRenderer: (renderer: ConsoleRendererChoice) => void };

let gpuWebgl: boolean | undefined;
/**
 * Whether this browser draws WebGL2 on a GPU. A software rasteriser (SwiftShader, llvmpipe) spends the CPU
 * that xterm.js needs to parse output, so "auto" keeps the DOM renderer there. Asked once per page.
 */
function hasGpuWebgl(): boolean {
  if (gpuWebgl !== undefined) return gpuWebgl;
  const gl = document.createElement("canvas").getContext("webgl2");
  let renderer = "";
  if (gl) {
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
  }
  gpuWebgl = gl !== null && !/swiftshader|llvmpipe|softpipe|software/i.test(renderer);
  return gpuWebgl;
}

type Status = { kind: "connecting" | "connected" | "ended" | "reconnecting"; text: string };

/**
 * A root shell in the container, as `vzctl enter` gives, over the panel's `/ws/console`: binary frames
 * carry terminal bytes, JSON text frames control (resize, pause/resume, exit).
 */
export function ConsoleTerminal({
  containerId,
  isFullWindow = false,
}: {
  containerId: string;
  isFullWindow?: boolean;
}) {
  const { t } = useI18n();
  const hostRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>({ kind: "connecting", text: t("console.connecting") });
  const [generation, setGeneration] = useState(0);
  const reconnect = useCallback(() => setGeneration((g) => g + 1), []);
  const [settings, setSettings] = useState<ConsoleSettings>(DEFAULT_CONSOLE_SETTINGS);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const [rendererInUse, setRendererInUse] = useState<ConsoleRenderer | null>(null);
  const liveRef = useRef<LiveTerminal | null>(null);

  // localStorage is read after hydration, so the server's HTML and the first client render agree.
  useEffect(() => setSettings(loadConsoleSettings()), []);
  const changeSettings = useCallback((next: ConsoleSettings) => {
    setSettings(next);
    saveConsoleSettings(next);
  }, []);
  useEffect(() => {
    const live = liveRef.current;
    if (!live) return;
    live.applyRenderer(settings.renderer);
    live.term.options.screenReaderMode = settings.isScreenReaderMode;
  }, [settings]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation re-runs the effect to reconnect
  useEffect(() => {
    let isDisposed = false;
    let ws: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let cleanupTerminal = () => {};
    (async () => {
      const [{ Terminal }, { FitAddon }, { WebglAddon }] = await Promise.all([
        import("@xterm/xterm"),
        import("@xterm/addon-fit"),
        import("@xterm/addon-webgl"),
      ]);
      if (isDisposed || !hostRef.current) return;
      const term = new Terminal({
        cursorBlink: true,
        // Bounded: the tab's memory stays flat however much output scrolls past.
        scrollback: 5000,
        fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace',
        fontSize: 14,
        theme: { background: "#0f172a" },
        screenReaderMode: settingsRef.current.isScreenReaderMode,
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(hostRef.current);
      // Copy and paste as Linux terminals do: Ctrl+Shift+C copies the selection and Ctrl+Shift+V pastes, so
      // Ctrl+C and Ctrl+V stay the shell's. The browser's own paste (its menu, a middle click) works too.
      term.attachCustomKeyEventHandler((e) => {
        if (e.type !== "keydown" || !e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return true;
        if (e.code === "KeyC") {
          e.preventDefault();
          if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection()).catch(() => {});
          return false;
        }
        if (e.code === "KeyV") {
          e.preventDefault(); // not the browser's own paste as well
          void navigator.clipboard
            ?.readText()
            .then((text) => term.paste(text))
            .catch(() => {});
          return false;
        }
        return true;
      });

      // WebGL as chosen (see ConsoleRendererChoice); the DOM renderer when the browser has no WebGL2, when the
      // choice is DOM, or when the GPU context is lost for good (the addon waits 3 s for a restore first).
      let webgl: { dispose: () => void } | null = null;
      const applyRenderer = (choice: ConsoleRendererChoice) => {
        const renderer: ConsoleRenderer = choice === "auto" ? (hasGpuWebgl() ? "webgl" : "dom") : choice;
        if (renderer === "dom") {
          webgl?.dispose();
          webgl = null;
        } else if (!webgl) {
          const addon = new WebglAddon();
          try {
            term.loadAddon(addon);
            addon.onContextLoss(() => {
              addon.dispose();
              if (webgl === addon) webgl = null;
              setRendererInUse("dom");
            });
            webgl = addon;
          } catch {
            addon.dispose(); // no WebGL2 here: xterm.js keeps its DOM renderer
          }
        }
        setRendererInUse(webgl ? "webgl" : "dom");
      };
      applyRenderer(settingsRef.current.renderer);
      liveRef.current = { term, applyRenderer };
      fit.fit();
      term.focus();
      const encoder = new TextEncoder();
      /** Bytes handed to term.write whose callback has not run yet (including those without one so far). */
      let pending = 0;
      /** Bytes written since the last write that carries a callback. */
      let uncounted = 0;
      let isPaused = false;
      let hasEnded = false;
      let attempts = 0;

      const send = (data: string | Uint8Array) => {
        if (ws?.readyState === WebSocket.OPEN) ws.send(data);
      };
      const connect = () => {
        const proto = window.location.protocol === "https:" ? "wss" : "ws";
        const url = `${proto}://${window.location.host}/ws/console?container=${encodeURIComponent(containerId)}&cols=${term.cols}&rows=${term.rows}`;
        ws = new WebSocket(url);
        ws.binaryType = "arraybuffer";
        ws.onopen = () => {
          attempts = 0;
          setStatus({ kind: "connected", text: t("console.connected") });
        };
        ws.onmessage = (event) => {
          if (event.data instanceof ArrayBuffer) {
            const bytes = new Uint8Array(event.data);
            pending += bytes.length;
            uncounted += bytes.length;
            if (!isPaused && pending > HIGH) {
              isPaused = true;
              send(JSON.stringify({ type: "pause" }));
            }
            // xterm.js runs callbacks in order once it has parsed the data: one every CALLBACK_BYTES is as
            // exact as one per frame. The write that pauses always carries one, so the resume cannot be missed.
            if (uncounted < CALLBACK_BYTES && !isPaused) {
              term.write(bytes);
              return;
            }
            const counted = uncounted;
            uncounted = 0;
            term.write(bytes, () => {
              pending -= counted;
              if (isPaused && pending < LOW) {
                isPaused = false;
                send(JSON.stringify({ type: "resume" }));
              }
            });
            return;
          }
          try {
            const control = JSON.parse(String(event.data)) as {
              type?: string;
              reason?: string;
              message?: string;
            };
            if (control.type === "exit") {
              hasEnded = true;
              setStatus({ kind: "ended", text: control.reason || t("console.ended") });
            } else if (control.type === "error") {
              setStatus({ kind: "ended", text: control.message ?? t("console.ended") });
            }
          } catch {
            // not ours: ignore
          }
        };
        ws.onclose = () => {
          if (isDisposed || hasEnded) {
            if (hasEnded) return;
            return;
          }
          // A lost connection reconnects with a fresh ticket (each upgrade asks the node for a new one).
          attempts += 1;
          if (attempts > 5) {
            setStatus({ kind: "ended", text: t("console.lost") });
            return;
          }
          setStatus({ kind: "reconnecting", text: t("console.reconnecting") });
          retry = setTimeout(connect, Math.min(8000, 500 * 2 ** attempts));
        };
      };
      const onData = term.onData((data) => send(encoder.encode(data)));
      const onResize = term.onResize(({ cols, rows }) =>
        send(JSON.stringify({ type: "resize", cols, rows })),
      );
      const observer = new ResizeObserver(() => fit.fit());
      observer.observe(hostRef.current);
      connect();
      cleanupTerminal = () => {
        liveRef.current = null;
        observer.disconnect();
        onData.dispose();
        onResize.dispose();
        term.dispose();
      };
    })();
    return () => {
      isDisposed = true;
      if (retry) clearTimeout(retry);
      ws?.close();
      cleanupTerminal();
    };
  }, [containerId, generation]);

  return (
    <div className={`flex flex-col gap-2 ${isFullWindow ? "h-screen p-2" : ""}`}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p role="status" data-testid="console-status" data-state={status.kind}>
          {status.text}
        </p>
        <span className="flex flex-wrap items-center gap-2">
          <ConsoleSettingsBar settings={settings} rendererInUse={rendererInUse} onChange={changeSettings} />
          {status.kind === "ended" ? (
            <button
              type="button"
              onClick={reconnect}
              className="rounded-md border border-slate-300 px-2 py-1 text-xs dark:border-slate-700"
            >
              {t("console.reconnect")}
            </button>
          ) : null}
          {isFullWindow ? null : (
            <a
              href={`/console/${containerId}`}
              target="_blank"
              rel="noopener"
              className="rounded-md border border-slate-300 px-2 py-1 text-xs dark:border-slate-700"
            >
              {t("console.popOut")}
            </a>
          )}
        </span>
      </div>
      <div
        ref={hostRef}
        role="application"
        aria-label={t("console.terminal")}
        data-testid="terminal"
        className={`overflow-hidden rounded-lg bg-slate-900 p-1 ${isFullWindow ? "flex-1" : "h-[60vh]"}`}
      />
    </div>
  );
}
