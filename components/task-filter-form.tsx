import type { Translate } from "@/lib/i18n/messages";
import { getTaskStatusLabel } from "./container/task-type-label";
import { FilterApplyButton } from "./ui/filter-apply-button";

const STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
const fieldClass =
  "rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";
const labelClass = "flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400";

/**
 * The task list's filter, a plain GET form (the filter is in the URL): status for everyone, and the task
 * type where the page offers it (admins). `type` undefined leaves that field out.
 */
export function TaskFilterForm({ t, status, type }: { t: Translate; status: string; type?: string }) {
  return (
    <form method="get" aria-label={t("tasks.filter")} className="mb-4 flex flex-wrap items-end gap-3">
      <label htmlFor="task-status" className={labelClass}>
        {t("common.status")}
        <select id="task-status" name="status" defaultValue={status} className={fieldClass}>
          <option value="">{t("containers.filter.all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {getTaskStatusLabel(t, s)}
            </option>
          ))}
        </select>
      </label>
      {type === undefined ? null : (
        <label htmlFor="task-type" className={labelClass}>
          {t("tasks.col.type")}
          <input
            id="task-type"
            name="type"
            defaultValue={type}
            placeholder="container."
            className={fieldClass}
          />
        </label>
      )}
      <FilterApplyButton label={t("containers.filter.apply")} />
    </form>
  );
}
