import type { ReactNode } from "react";

/** What a list shows when it has nothing yet: what the list is for and what to do next. */
export function EmptyState({ message, action }: { message: string; action?: ReactNode }) {
  return (
    <div
      role="status"
      className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center dark:border-slate-700 dark:bg-slate-900"
    >
      <p className="mx-auto max-w-xl text-sm text-slate-600 dark:text-slate-400">{message}</p>
      {action ? <div className="mt-4 flex justify-center">{action}</div> : null}
    </div>
  );
}
