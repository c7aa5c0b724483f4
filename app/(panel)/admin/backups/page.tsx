import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { BackupQuotaForm } from "@/components/backups/backup-quota-form";
import { BackupRemoteForm } from "@/components/backups/backup-remote-form";
import { CopyToRemoteButton } from "@/components/backups/copy-to-remote-button";
import { formatMs } from "@/components/backups/format-ms";
import { RestoreAsNewForm } from "@/components/backups/restore-as-new-form";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { listBackupsBeingCopied } from "@/lib/backups/copy-backup-to-remote";
import { getBackupRemoteSettings } from "@/lib/backups/get-backup-remote-settings";
import { listBackupQuotas } from "@/lib/backups/list-backup-quotas";
import { listBackups } from "@/lib/backups/list-backups";
import { listRestoreTargets } from "@/lib/backups/list-restore-targets";
import { formatBytes, formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import {
  copyBackupToRemoteAction,
  deleteBackupRemoteAction,
  restoreBackupAsNewAction,
  setBackupQuotaAction,
  setBackupRemoteAction,
  testBackupRemoteAction,
} from "./actions";

export const generateMetadata = adminPageMetadata("Backups");

/**
 * Every backup on every node, newest first, with its remote copy, download and "restore as new container" (also
 * for a backup whose container was destroyed); the tenants' backup quotas; the remote store.
 */
export default async function BackupsPage() {
  const actor = await requirePageActor("dashboard.admin");
  const { t, locale } = await getTranslator();
  const [backups, tenants, targets, remote, copying] = await Promise.all([
    listBackups({ actor, take: 500 }),
    listBackupQuotas({ actor }),
    listRestoreTargets({ actor }),
    getBackupRemoteSettings({ actor }),
    listBackupsBeingCopied({ actor }),
  ]);
  const isBusy = copying.size > 0 || backups.some((b) => b.status === "QUEUED" || b.status === "RUNNING");
  return (
    <>
      <AutoRefresh seconds={isBusy ? 2 : 15} />
      <PageHeader title={t("backups.allTitle")} subtitle={t("backups.intro")} />
      {backups.length === 0 ? (
        <EmptyState message={t("backups.none")} />
      ) : (
        <DataTable
          caption={t("backups.allTitle")}
          rows={backups}
          columns={[
            { header: t("backups.col.created"), cell: (b) => formatDateTime(b.createdAt, locale) },
            {
              header: t("backups.col.container"),
              cell: (b) =>
                b.containerId ? (
                  <Link
                    href={`/admin/containers/${b.containerId}`}
                    className="text-brand-600 hover:underline"
                  >
                    {b.ctid} {b.hostname}
                  </Link>
                ) : (
                  `${b.ctid} ${b.hostname}`
                ),
            },
            { header: t("backups.col.node"), cell: (b) => b.nodeName },
            {
              header: t("backups.col.mode"),
              cell: (b) => `${b.mode}${b.isScheduled ? ` (${t("backups.scheduled")})` : ""}`,
            },
            { header: t("backups.col.status"), cell: (b) => <StatusBadge status={b.status} /> },
            {
              header: t("backups.col.size"),
              cell: (b) => (b.sizeBytes === null ? "—" : formatBytes(b.sizeBytes)),
            },
            { header: t("backups.col.duration"), cell: (b) => formatMs(b.durationMs) },
            { header: t("backups.col.downtime"), cell: (b) => formatMs(b.downtimeMs) },
            {
              header: t("backups.col.remote"),
              cell: (b) =>
                b.remoteCopiedAt
                  ? t("backups.remote.copied")
                  : copying.has(b.id)
                    ? t("backups.remote.copying")
                    : b.remoteError
                      ? t("backups.remote.failed", { error: b.remoteError })
                      : "—",
            },
            {
              header: t("backups.col.actions"),
              cell: (b) =>
                b.status === "SUCCEEDED" ? (
                  <div className="flex flex-wrap items-center gap-3">
                    <a href={`/api/backups/${b.id}/download`} className="text-brand-600 hover:underline">
                      {t("backups.download")}
                    </a>
                    <RestoreAsNewForm
                      backupId={b.id}
                      hostname={b.hostname}
                      hasContainerPlan={b.containerId !== null}
                      targets={targets}
                      onRestore={restoreBackupAsNewAction}
                    />
                    {remote?.isEnabled && !b.remoteCopiedAt && !copying.has(b.id) ? (
                      <CopyToRemoteButton backupId={b.id} onCopy={copyBackupToRemoteAction} />
                    ) : null}
                  </div>
                ) : (
                  (b.error ?? "")
                ),
            },
          ]}
        />
      )}
      <Card title={t("backups.quotaTitle")} className="mt-6">
        <BackupQuotaForm tenants={tenants} onSave={setBackupQuotaAction} />
      </Card>
      <Card title={t("backups.remote.title")} className="mt-6">
        <BackupRemoteForm
          remote={remote}
          onSave={setBackupRemoteAction}
          onTest={testBackupRemoteAction}
          onRemove={deleteBackupRemoteAction}
        />
      </Card>
    </>
  );
}
