"use client";

import { useState } from "react";
import { useI18n } from "./i18n-provider";

/** Copies a value to the clipboard; its name says what it copies, its text confirms the copy. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useI18n();
  const [isCopied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={label}
      onClick={async () => {
        // Without a secure context there is no clipboard API; the value stays selectable.
        await navigator.clipboard?.writeText(value).catch(() => undefined);
        setCopied(true);
      }}
      className="shrink-0 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
    >
      <span aria-live="polite">{isCopied ? t("clipboard.copied") : t("clipboard.copy")}</span>
    </button>
  );
}
