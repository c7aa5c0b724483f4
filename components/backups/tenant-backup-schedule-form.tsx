"use client";

import type { FormEvent } from "react";
import { FeedbackText } from "../container/feedback-text";
import { type ActionOutcome, useActionRunner } from "../container/use-action-runner";
import { useI18n } from "../i18n-provider";
import {
  BackupScheduleFields,
  type BackupScheduleInput,
  readBackupScheduleForm,
} from "./backup-schedule-fields";

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
  schedule: BackupScheduleInput | null;
  lastRunText: string;
  onSave: (tenantId: string, input: BackupScheduleInput) => Promise<ActionOutcome<unknown>>;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = readBackupScheduleForm(event.currentTarget);
    await run(() => onSave(tenantId, input), { done: t("backups.scheduleSaved") });
  }

  return (
    <form onSubmit={onSubmit} aria-label={t("backups.tenantScheduleTitle")} className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("backups.tenantScheduleIntro")}</p>
      <BackupScheduleFields idPrefix={`tenant-${tenantId}`} schedule={schedule} isDisabled={isBusy} />
      <p className="text-xs text-slate-500" data-testid="tenant-schedule-last-run">
        {lastRunText}
      </p>
      <FeedbackText feedback={feedback} />
    </form>
  );
}
