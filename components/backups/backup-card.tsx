import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { getBackupSection } from "@/lib/backups/get-backup-section";
import { listRestoreTargets } from "@/lib/backups/list-restore-targets";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { BackupPanel } from "./backup-panel";

type Outcome = Promise<
  { ok: true; data: unknown } | { ok: false; error: string; code: string; field?: string; reason?: string }
>;

export type BackupActions = {
  createBackupAction: (containerId: string, mode: string) => Outcome;
  restoreBackupAction: (backupId: string, confirmHostname: string) => Outcome;
  deleteBackupAction: (backupId: string) => Outcome;
  restoreBackupAsNewAction: (
    backupId: string,
    input: { nodeId: string; ctid: string; planId: string; hostname: string },
  ) => Promise<
    | { ok: true; data: { taskId: string; containerId: string; ctid: number; nodeName: string } }
    | { ok: false; error: string; code: string; field?: string; reason?: string }
  >;
  setBackupScheduleAction: (
    containerId: string,
    input: { isEnabled: boolean; mode: string; hourUtc: number; keepDaily: number; keepWeekly: number },
  ) => Outcome;
};

/** The Backups card of a container page (server component): loads through lib, renders the client panel. */
export async function BackupCard({
  actor,
  containerId,
  hostname,
  isDisabled,
  actions,
}: {
  actor: Actor;
  containerId: string;
  hostname: string;
  isDisabled: boolean;
  actions: BackupActions;
}) {
  const { t, locale } = await getTranslator();
  const s = await getBackupSection({ actor, containerId });
  const isAdmin = actor.kind === "user" && actor.role === "ADMIN";
  // Restore as a new container is the provider's (admins): customers are not offered it.
  const restoreTargets = isAdmin ? await listRestoreTargets({ actor }) : null;
  const { usage } = s;
  const quotaText =
    usage.maxBackups !== null || usage.maxBackupMb !== null
      ? t("backups.quota", {
          used: usage.count,
          max: usage.maxBackups ?? t("backups.noLimit"),
          usedMb: Math.ceil(usage.bytes / 1024 / 1024),
          maxMb: usage.maxBackupMb ?? t("backups.noLimit"),
        })
      : null;
  return (
    <Card title={t("backups.title")} className="xl:col-span-2">
      <BackupPanel
        containerId={containerId}
        hostname={hostname}
        backups={s.backups}
        schedule={s.schedule}
        quotaText={quotaText}
        isDisabled={isDisabled}
        canDownload={isAdmin}
        locale={locale}
        onCreate={actions.createBackupAction}
        onRestore={actions.restoreBackupAction}
        onDelete={actions.deleteBackupAction}
        restoreTargets={restoreTargets}
        onRestoreAsNew={actions.restoreBackupAsNewAction}
        onSchedule={actions.setBackupScheduleAction}
      />
    </Card>
  );
}
