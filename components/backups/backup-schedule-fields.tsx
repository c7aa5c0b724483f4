"use client";

import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";

/** A daily backup schedule as its forms send it (a container's own, or a tenant's). */
export type BackupScheduleInput = {
  isEnabled: boolean;
  mode: string;
  hourUtc: number;
  keepDaily: number;
  keepWeekly: number;
};

export const BACKUP_MODES = ["snapshot", "suspend", "stop"] as const;

export const backupInputClass =
  "block w-full max-w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950";

/** The schedule a form of BackupScheduleFields holds; the server checks the values again. */
export function readBackupScheduleForm(form: HTMLFormElement): BackupScheduleInput {
  const f = new FormData(form);
  return {
    isEnabled: f.get("isEnabled") === "on",
    mode: String(f.get("mode") ?? "snapshot"),
    hourUtc: Number(f.get("hourUtc") ?? 3),
    keepDaily: Number(f.get("keepDaily") ?? 7),
    keepWeekly: Number(f.get("keepWeekly") ?? 4),
  };
}

/** The backup mode (vzdump's), labelled: for "Back up now" and for a schedule. */
export function BackupModeSelect({ id, defaultValue }: { id: string; defaultValue: string }) {
  const { t } = useI18n();
  return (
    <div className="min-w-0 max-w-full space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {t("backups.mode")}
      </label>
      <select id={id} name="mode" defaultValue={defaultValue} className={backupInputClass}>
        {BACKUP_MODES.map((m) => (
          <option key={m} value={m}>
            {t(`backups.mode.${m}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The fields of a daily backup schedule, for a container's Backups section and a tenant's page alike: on or
 * off, mode, hour (UTC), how many daily and weekly backups to keep, and Save. Every field has a visible label.
 */
export function BackupScheduleFields({
  idPrefix,
  schedule,
  isDisabled,
}: {
  /** Makes the fields' ids unique on the page (a container's or a tenant's id). */
  idPrefix: string;
  schedule: BackupScheduleInput | null;
  isDisabled: boolean;
}) {
  const { t } = useI18n();
  const numbers = [
    { name: "hourUtc", label: t("backups.scheduleHour"), value: schedule?.hourUtc ?? 3, max: 23 },
    { name: "keepDaily", label: t("backups.keepDaily"), value: schedule?.keepDaily ?? 7, max: 60 },
    { name: "keepWeekly", label: t("backups.keepWeekly"), value: schedule?.keepWeekly ?? 4, max: 52 },
  ];
  return (
    <>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="isEnabled" defaultChecked={schedule?.isEnabled ?? false} />
        {t("backups.scheduleEnabled")}
      </label>
      <div className="flex flex-wrap items-end gap-3">
        <BackupModeSelect id={`${idPrefix}-schedule-mode`} defaultValue={schedule?.mode ?? "snapshot"} />
        {numbers.map((n) => (
          <div key={n.name} className="w-28 space-y-1">
            <label htmlFor={`${idPrefix}-schedule-${n.name}`} className="block text-xs font-medium">
              {n.label}
            </label>
            <input
              id={`${idPrefix}-schedule-${n.name}`}
              name={n.name}
              type="number"
              min={0}
              max={n.max}
              defaultValue={n.value}
              className={backupInputClass}
            />
          </div>
        ))}
        <Button type="submit" variant="secondary" disabled={isDisabled}>
          {t("common.save")}
        </Button>
      </div>
    </>
  );
}
