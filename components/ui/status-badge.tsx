const TONES: Record<string, string> = {
  green: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300",
  red: "bg-rose-100 text-rose-800 dark:bg-rose-900/40 dark:text-rose-300",
  amber: "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300",
  blue: "bg-sky-100 text-sky-800 dark:bg-sky-900/40 dark:text-sky-300",
  gray: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
};

const STATUS_TONE: Record<string, keyof typeof TONES> = {
  RUNNING: "green",
  ONLINE: "green",
  SUCCEEDED: "green",
  ACTIVE: "green",
  success: "green",
  STOPPED: "gray",
  PENDING: "gray",
  QUEUED: "gray",
  CANCELLED: "gray",
  CREATING: "blue",
  RUNNING_TASK: "blue",
  DESTROYING: "amber",
  SUSPENDED: "amber",
  UNKNOWN: "amber",
  OFFLINE: "red",
  ERROR: "red",
  FAILED: "red",
  failure: "red",
  denied: "red",
};

/** A status as readable text (tests wait on it), coloured by meaning. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const tone = TONES[STATUS_TONE[status] ?? "gray"];
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>
      {label ?? status.toLowerCase()}
    </span>
  );
}
