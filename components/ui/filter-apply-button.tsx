/** The submit button of a list's GET filter form (containers, tasks, audit log). */
export function FilterApplyButton({ label }: { label: string }) {
  return (
    <button
      type="submit"
      className="rounded-lg bg-slate-800 px-3 py-1.5 text-sm text-white dark:bg-slate-200 dark:text-slate-900"
    >
      {label}
    </button>
  );
}
