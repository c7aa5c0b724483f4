"use client";

import { useI18n } from "./i18n-provider";

/** How xterm.js draws: with WebGL or with DOM elements. */
export type ConsoleRenderer = "webgl" | "dom";

/**
 * The user's choice. auto: WebGL where the browser draws it on a GPU, else DOM (WebGL emulated on the CPU,
 * as SwiftShader does on a machine without a GPU, is slower than DOM). webgl: WebGL wherever the browser has
 * WebGL2 at all. Both fall back to DOM when WebGL2 is missing or its context is lost for good.
 */
export type ConsoleRendererChoice = "auto" | ConsoleRenderer;

export type ConsoleSettings = {
  renderer: ConsoleRendererChoice;
  /** xterm.js's screen reader mode: an accessible text tree of the screen and announced output. */
  isScreenReaderMode: boolean;
};

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = { renderer: "auto", isScreenReaderMode: false };

const RENDERER_CHOICES: readonly ConsoleRendererChoice[] = ["auto", "webgl", "dom"];
const isRendererChoice = (v: unknown): v is ConsoleRendererChoice =>
  RENDERER_CHOICES.includes(v as ConsoleRendererChoice);

const STORAGE_KEY = "berth.console.settings";

/** The settings this browser remembered; defaults for anything missing or unreadable. */
export function loadConsoleSettings(): ConsoleSettings {
  try {
    const raw = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "{}") as Partial<ConsoleSettings>;
    return {
      renderer: isRendererChoice(raw.renderer) ? raw.renderer : DEFAULT_CONSOLE_SETTINGS.renderer,
      isScreenReaderMode: raw.isScreenReaderMode === true,
    };
  } catch {
    return DEFAULT_CONSOLE_SETTINGS;
  }
}

export function saveConsoleSettings(settings: ConsoleSettings): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // storage full or disabled: the choice lasts for this page only
  }
}

/**
 * The console's display settings, remembered in this browser. `rendererInUse` is what xterm.js draws with
 * right now, which differs from the choice when WebGL is unavailable or its context was lost.
 */
export function ConsoleSettingsBar({
  settings,
  rendererInUse,
  onChange,
}: {
  settings: ConsoleSettings;
  rendererInUse: ConsoleRenderer | null;
  onChange: (settings: ConsoleSettings) => void;
}) {
  const { t } = useI18n();
  const isFallback = settings.renderer !== "dom" && rendererInUse === "dom";
  return (
    <div className="flex flex-wrap items-center gap-3 text-xs">
      <label className="flex items-center gap-1">
        {t("console.renderer")}
        <select
          value={settings.renderer}
          onChange={(e) => {
            if (isRendererChoice(e.target.value)) onChange({ ...settings, renderer: e.target.value });
          }}
          className="rounded-md border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-700"
        >
          <option value="auto">{t("console.rendererAuto")}</option>
          <option value="webgl">{t("console.rendererWebgl")}</option>
          <option value="dom">{t("console.rendererDom")}</option>
        </select>
      </label>
      {isFallback ? (
        <span data-testid="console-renderer-note" className="text-slate-500">
          {t(settings.renderer === "auto" ? "console.rendererAutoDom" : "console.rendererFallback")}
        </span>
      ) : null}
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={settings.isScreenReaderMode}
          onChange={(e) => onChange({ ...settings, isScreenReaderMode: e.target.checked })}
        />
        {t("console.screenReaderMode")}
      </label>
      <span className="text-slate-500">{t("console.clipboardHint")}</span>
    </div>
  );
}
