"use client";

import { type FormEvent, useState } from "react";
import { formatBytes } from "@/lib/format";
import { FeedbackText } from "../container/feedback-text";
import { type ActionOutcome, useActionRunner } from "../container/use-action-runner";
import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import {
  BackupModeSelect,
  BackupScheduleFields,
  type BackupScheduleInput,
  readBackupScheduleForm,
} from "./backup-schedule-fields";
import { formatMs } from "./format-ms";
import { RestoreAsNewForm, type RestoreTargets } from "./restore-as-new-form";

/** A backup as the page hands it to the browser (dates as ISO text, size as a number). */
export type BackupRow = {
  id: string;
  createdAt: string;
  mode: string;
  status: string;
  isScheduled: boolean;
  sizeBytes: number | null;
  durationMs: number | null;
  downtimeMs: number | null;
  error: string | null;
  /** A copy is in the admin's remote store (the column shows once any backup has one). */
  isCopiedToRemote: boolean;
};

export type BackupSchedule = {
  isOwn: boolean;
  isEnabled: boolean;
  mode: string;
  hourUtc: number;
  keepDaily: number;
  keepWeekly: number;
} | null;

type Outcome = Promise<ActionOutcome<unknown>>;

/**
 * The Backups section of a container page (admin and customer): back up now with a mode, the list with size,
 * duration, downtime and status, restore behind the typed host name, delete behind a second click, the daily
 * schedule, and (admins) a download link. The lib functions refuse whatever the role may not do.
 */
export function BackupPanel({
  containerId,
  hostname,
  backups,
  schedule,
  quotaText,
  isDisabled,
  canDownload,
  locale,
  onCreate,
  onRestore,
  onDelete,
  onSchedule,
  restoreTargets = null,
  onRestoreAsNew,
}: {
  containerId: string;
  hostname: string;
  backups: BackupRow[];
  schedule: BackupSchedule;
  quotaText: string | null;
  isDisabled: boolean;
  canDownload: boolean;
  locale: string;
  onCreate: (containerId: string, mode: string) => Outcome;
  onRestore: (backupId: string, confirmHostname: string) => Outcome;
  onDelete: (backupId: string) => Outcome;
  /** Admins: where a backup can be restored as a new container (null: not offered). */
  restoreTargets?: RestoreTargets | null;
  onRestoreAsNew?: Parameters<typeof RestoreAsNewForm>[0]["onRestore"];
  onSchedule: (containerId: string, input: BackupScheduleInput) => Outcome;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  const [restoring, setRestoring] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [confirm, setConfirm] = useState("");
  const hasRemoteCopies = backups.some((b) => b.isCopiedToRemote);

  async function onCreateSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const mode = String(new FormData(event.currentTarget).get("mode") ?? "snapshot");
    await run(() => onCreate(containerId, mode), { done: t("backups.queued") });
  }

  async function onRestoreSubmit(event: FormEvent<HTMLFormElement>, backupId: string) {
    event.preventDefault();
    const ok = await run(() => onRestore(backupId, confirm), { done: t("backups.restoreQueued") });
    if (ok) {
      setRestoring(null);
      setConfirm("");
    }
  }

  async function onScheduleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = readBackupScheduleForm(event.currentTarget);
    await run(() => onSchedule(containerId, input), { done: t("backups.scheduleSaved") });
  }

  return (
    <div className="space-y-4" data-testid="backups">
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("backups.intro")}</p>
      <form
        onSubmit={onCreateSubmit}
        className="flex flex-wrap items-end gap-2"
        aria-label={t("backups.create")}
      >
        <BackupModeSelect id={`backup-mode-${containerId}`} defaultValue="snapshot" />
        <Button type="submit" disabled={isDisabled || isBusy}>
          {t("backups.create")}
        </Button>
      </form>
      {quotaText ? <p className="text-xs text-slate-500">{quotaText}</p> : null}
      <FeedbackText feedback={feedback} />
      {backups.length === 0 ? (
        <p className="text-sm text-slate-500">{t("backups.none")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("backups.title")}</caption>
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-3">{t("backups.col.created")}</th>
                <th className="py-2 pr-3">{t("backups.col.mode")}</th>
                <th className="py-2 pr-3">{t("backups.col.status")}</th>
                <th className="py-2 pr-3">{t("backups.col.size")}</th>
                <th className="py-2 pr-3">{t("backups.col.duration")}</th>
                <th className="py-2 pr-3">{t("backups.col.downtime")}</th>
                {hasRemoteCopies ? <th className="py-2 pr-3">{t("backups.col.remote")}</th> : null}
                <th className="py-2">{t("backups.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {backups.map((b) => (
                <tr
                  key={b.id}
                  className="border-t border-slate-200 align-top dark:border-slate-800"
                  data-testid="backup-row"
                >
                  <td className="py-2 pr-3 whitespace-nowrap">
                    {new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
                      new Date(b.createdAt),
                    )}
                    {b.isScheduled ? (
                      <span className="ml-1 text-xs text-slate-500">({t("backups.scheduled")})</span>
                    ) : null}
                  </td>
                  <td className="py-2 pr-3">{b.mode}</td>
                  <td className="py-2 pr-3" title={b.error ?? undefined}>
                    {t(`backups.status.${b.status}` as "backups.status.QUEUED")}
                  </td>
                  <td className="py-2 pr-3 tabular-nums">
                    {b.sizeBytes === null ? "—" : formatBytes(b.sizeBytes)}
                  </td>
                  <td className="py-2 pr-3 tabular-nums">{formatMs(b.durationMs)}</td>
                  <td className="py-2 pr-3 tabular-nums">{formatMs(b.downtimeMs)}</td>
                  {hasRemoteCopies ? (
                    <td className="py-2 pr-3">{b.isCopiedToRemote ? t("backups.remote.copied") : "—"}</td>
                  ) : null}
                  <td className="py-2">
                    <div className="flex flex-wrap gap-2">
                      {b.status === "SUCCEEDED" ? (
                        <Button
                          variant="secondary"
                          disabled={isDisabled || isBusy}
                          onClick={() => {
                            setRestoring(restoring === b.id ? null : b.id);
                            setConfirm("");
                          }}
                        >
                          {t("backups.restore")}
                        </Button>
                      ) : null}
                      {restoreTargets && onRestoreAsNew && b.status === "SUCCEEDED" ? (
                        <RestoreAsNewForm
                          backupId={b.id}
                          hostname={hostname}
                          hasContainerPlan
                          targets={restoreTargets}
                          onRestore={onRestoreAsNew}
                        />
                      ) : null}
                      {canDownload && b.status === "SUCCEEDED" ? (
                        <a
                          href={`/api/backups/${encodeURIComponent(b.id)}/download`}
                          className="inline-flex items-center rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
                        >
                          {t("backups.download")}
                        </a>
                      ) : null}
                      {b.status === "SUCCEEDED" || b.status === "FAILED" ? (
                        deleting === b.id ? (
                          <>
                            <Button
                              variant="danger"
                              disabled={isBusy}
                              onClick={() => run(() => onDelete(b.id), { done: t("backups.deleted") })}
                            >
                              {t("backups.deleteConfirm")}
                            </Button>
                            <Button variant="secondary" onClick={() => setDeleting(null)}>
                              {t("backups.cancel")}
                            </Button>
                          </>
                        ) : (
                          <Button variant="secondary" disabled={isBusy} onClick={() => setDeleting(b.id)}>
                            {t("backups.delete")}
                          </Button>
                        )
                      ) : null}
                    </div>
                    {restoring === b.id ? (
                      <form
                        onSubmit={(e) => onRestoreSubmit(e, b.id)}
                        className="mt-2 max-w-md space-y-2"
                        aria-label={t("backups.restore")}
                      >
                        <Field
                          id={`restore-confirm-${b.id}`}
                          label={t("backups.restoreConfirmLabel")}
                          hint={t("backups.restoreConfirm", { hostname })}
                          value={confirm}
                          onChange={(e) => setConfirm(e.target.value)}
                          autoComplete="off"
                          spellCheck={false}
                        />
                        <Button
                          type="submit"
                          variant="danger"
                          disabled={isBusy || confirm.trim().toLowerCase() !== hostname}
                        >
                          {t("backups.restore")}
                        </Button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        onSubmit={onScheduleSubmit}
        aria-label={t("backups.schedule")}
        className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800"
      >
        <h3 className="text-sm font-semibold">{t("backups.schedule")}</h3>
        {schedule && !schedule.isOwn ? (
          <p className="text-xs text-slate-500">{t("backups.scheduleFromTenant")}</p>
        ) : null}
        <BackupScheduleFields
          idPrefix={`container-${containerId}`}
          schedule={schedule}
          isDisabled={isDisabled || isBusy}
        />
      </form>
    </div>
  );
}
