"use client";

import "@xterm/xterm/css/xterm.css";
import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "./i18n-provider";

// Output written to xterm.js but not yet drawn: above HIGH the agent is asked to pause the container's
// pty, below LOW to resume, so a flood (`cat /dev/urandom | base64`) neither freezes the tab nor grows
// memory on any hop.
const HIGH = 2 * 1024 * 1024;
const LOW = 256 * 1024;

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

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation re-runs the effect to reconnect
  useEffect(() => {
    let isDisposed = false;
    let ws: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let cleanupTerminal = () => {};
    (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import("@xterm/xterm"),
        import("@xterm/addon-fit"),
      ]);
      if (isDisposed || !hostRef.current) return;
      const term = new Terminal({
        cursorBlink: true,
        scrollback: 5000,
        fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace',
        fontSize: 14,
        theme: { background: "#0f172a" },
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(hostRef.current);
      fit.fit();
      term.focus();
      const encoder = new TextEncoder();
      let pending = 0;
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
            if (!isPaused && pending > HIGH) {
              isPaused = true;
              send(JSON.stringify({ type: "pause" }));
            }
            term.write(bytes, () => {
              pending -= bytes.length;
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
      <div className="flex items-center justify-between gap-2 text-sm">
        <p role="status" data-testid="console-status" data-state={status.kind}>
          {status.text}
        </p>
        <span className="flex gap-2">
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
