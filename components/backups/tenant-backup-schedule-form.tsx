"use client";

import type { FormEvent } from "react";
import { FeedbackText } from "../container/feedback-text";
import { type ActionOutcome, useActionRunner } from "../container/use-action-runner";
import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";

type ScheduleInput = {
  isEnabled: boolean;
  mode: string;
  hourUtc: number;
  keepDaily: number;
  keepWeekly: number;
};

const MODES = ["snapshot", "suspend", "stop"] as const;
const inputClass =
  "block w-full max-w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950";

/**
 * A tenant's daily backup schedule (admin tenant page): on or off, mode, hour (UTC), retention, and when the
 * scheduler last ran it. Containers with a schedule of their own keep theirs.
 */
export function TenantBackupScheduleForm({
  tenantId,
  schedule,
  lastRunText,
  onSave,
}: {
  tenantId: string;
  schedule: ScheduleInput | null;
  lastRunText: string;
  onSave: (tenantId: string, input: ScheduleInput) => Promise<ActionOutcome<unknown>>;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    await run(
      () =>
        onSave(tenantId, {
          isEnabled: f.get("isEnabled") === "on",
          mode: String(f.get("mode") ?? "snapshot"),
          hourUtc: Number(f.get("hourUtc") ?? 3),
          keepDaily: Number(f.get("keepDaily") ?? 7),
          keepWeekly: Number(f.get("keepWeekly") ?? 4),
        }),
      { done: t("backups.scheduleSaved") },
    );
  }

  const numbers = [
    { name: "hourUtc", label: t("backups.scheduleHour"), value: schedule?.hourUtc ?? 3, max: 23 },
    { name: "keepDaily", label: t("backups.keepDaily"), value: schedule?.keepDaily ?? 7, max: 60 },
    { name: "keepWeekly", label: t("backups.keepWeekly"), value: schedule?.keepWeekly ?? 4, max: 52 },
  ];
  return (
    <form onSubmit={onSubmit} aria-label={t("backups.tenantScheduleTitle")} className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("backups.tenantScheduleIntro")}</p>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="isEnabled" defaultChecked={schedule?.isEnabled ?? false} />
        {t("backups.scheduleEnabled")}
      </label>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 max-w-full space-y-1">
          <label htmlFor={`tenant-schedule-mode-${tenantId}`} className="block text-xs font-medium">
            {t("backups.mode")}
          </label>
          <select
            id={`tenant-schedule-mode-${tenantId}`}
            name="mode"
            defaultValue={schedule?.mode ?? "snapshot"}
            className={inputClass}
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {t(`backups.mode.${m}`)}
              </option>
            ))}
          </select>
        </div>
        {numbers.map((n) => (
          <div key={n.name} className="w-28 space-y-1">
            <label htmlFor={`tenant-schedule-${n.name}-${tenantId}`} className="block text-xs font-medium">
              {n.label}
            </label>
            <input
              id={`tenant-schedule-${n.name}-${tenantId}`}
              name={n.name}
              type="number"
              min={0}
              max={n.max}
              defaultValue={n.value}
              className={inputClass}
            />
          </div>
        ))}
        <Button type="submit" variant="secondary" disabled={isBusy}>
          {t("common.save")}
        </Button>
      </div>
      <p className="text-xs text-slate-500" data-testid="tenant-schedule-last-run">
        {lastRunText}
      </p>
      <FeedbackText feedback={feedback} />
    </form>
  );
}
