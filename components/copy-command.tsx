"use client";

import { useState } from "react";
import { useI18n } from "./i18n-provider";

/** A command to run elsewhere, shown whole (selectable) with a copy button. */
export function CopyCommand({ command, label }: { command: string; label: string }) {
  const { t } = useI18n();
  const [isCopied, setCopied] = useState(false);
  return (
    <div className="space-y-1">
      <p className="text-sm">{label}</p>
      <div className="flex items-start gap-2">
        <code
          data-testid="join-command"
          className="block flex-1 break-all rounded-lg bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100 select-all"
        >
          {command}
        </code>
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(command).catch(() => undefined);
            setCopied(true);
          }}
          className="rounded-lg border border-slate-300 px-3 py-2 text-xs dark:border-slate-700"
        >
          {isCopied ? t("nodes.copied") : t("nodes.copy")}
        </button>
      </div>
    </div>
  );
}
