"use client";

import { CopyButton } from "./copy-button";

/**
 * A secret the panel shows exactly once (a generated root password, a new API token): selectable, with a
 * copy button and a warning that it cannot be shown again.
 */
export function OneTimeSecret({
  title,
  warning,
  value,
  copyLabel,
  testId,
}: {
  title: string;
  warning: string;
  value: string;
  copyLabel: string;
  testId: string;
}) {
  return (
    <div className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950/40">
      <p className="text-sm font-medium">{title}</p>
      <div className="flex items-start gap-2">
        <code
          data-testid={testId}
          className="block min-w-0 flex-1 break-all rounded bg-white px-2 py-1.5 font-mono text-sm select-all dark:bg-slate-950"
        >
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} />
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">{warning}</p>
    </div>
  );
}
