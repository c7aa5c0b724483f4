import Link from "next/link";
import { BackupQuotaForm } from "@/components/backups/backup-quota-form";
import { TenantBackupScheduleForm } from "@/components/backups/tenant-backup-schedule-form";
import { SuspendControl } from "@/components/suspend-control";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { getBackupQuota } from "@/lib/backups/get-backup-quota";
import { getTenantBackupSchedule } from "@/lib/backups/get-tenant-backup-schedule";
import { orNotFound } from "@/lib/errors/or-not-found";
import { formatDateTime, formatMb } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { getTenant } from "@/lib/tenants/get-tenant";
import { setBackupQuotaAction, setTenantBackupScheduleAction } from "../../backups/actions";
import { TenantCapsForm } from "./tenant-caps-form";
import { UserActions } from "./user-actions";

export const generateMetadata = adminPageMetadata("Tenant");

export default async function TenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const actor = await requirePageActor("tenant.read");
  const { tenantId } = await params;
  const { t, locale } = await getTranslator();
  const tenant = await orNotFound(getTenant({ actor, tenantId }));
  const [schedule, quota] = await Promise.all([
    getTenantBackupSchedule({ actor, tenantId: tenant.id }),
    getBackupQuota({ actor, tenantId: tenant.id }),
  ]);
  return (
    <>
      <PageHeader
        title={tenant.name}
        subtitle={t("tenants.usage", {
          containers: tenant.containers.length,
          ram: formatMb(tenant.usage.ramMb),
          disk: formatMb(tenant.usage.diskMb),
        })}
        actions={
          <Link
            href={`/admin/containers/new?tenant=${tenant.id}`}
            className="rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            {t("containers.new")}
          </Link>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={t("tenants.customers")}>
          {tenant.users.length === 0 ? (
            <p className="text-sm text-slate-500">{t("common.none")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {tenant.users.map((u) => (
                <li key={u.id} className="space-y-1 py-2">
                  <div className="flex items-center justify-between gap-2">
                    <span>
                      {u.name} · <span className="text-slate-500">{u.email}</span>
                    </span>
                    <span className="flex items-center gap-2 text-xs text-slate-500">
                      {formatDateTime(u.lastLoginAt, locale)}
                      {u.isDisabled ? <StatusBadge status="SUSPENDED" label="disabled" /> : null}
                    </span>
                  </div>
                  <UserActions
                    user={{
                      id: u.id,
                      email: u.email,
                      isDisabled: u.isDisabled,
                      hasTotp: Boolean(u.totpEnabledAt),
                    }}
                  />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("tenants.caps")}>
          <TenantCapsForm tenant={tenant} />
        </Card>
        <Card title={t("suspension.title")}>
          <SuspendControl
            kind="tenant"
            id={tenant.id}
            isSuspended={tenant.status === "SUSPENDED"}
            reason={tenant.suspendedReason}
          />
        </Card>
        <Card title={t("backups.tenantScheduleTitle")}>
          <TenantBackupScheduleForm
            tenantId={tenant.id}
            schedule={schedule}
            lastRunText={
              schedule?.lastRunAt
                ? t("backups.lastRun", { when: formatDateTime(schedule.lastRunAt, locale) })
                : t("backups.neverRun")
            }
            onSave={setTenantBackupScheduleAction}
          />
        </Card>
        <Card title={t("backups.quotaTitle")}>
          <p className="mb-3 text-xs text-slate-500">
            {t("backups.quota", {
              used: quota.count,
              max: quota.maxBackups ?? t("backups.noLimit"),
              usedMb: Math.ceil(quota.bytes / 1024 / 1024),
              maxMb: quota.maxBackupMb ?? t("backups.noLimit"),
            })}
          </p>
          <BackupQuotaForm
            tenants={[
              {
                id: tenant.id,
                name: tenant.name,
                maxBackups: quota.maxBackups,
                maxBackupMb: quota.maxBackupMb,
              },
            ]}
            isTenantFixed
            onSave={setBackupQuotaAction}
          />
        </Card>
        <Card title={t("nav.containers")} className="xl:col-span-2">
          {tenant.containers.length === 0 ? (
            <p className="text-sm text-slate-500">{t("common.none")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {tenant.containers.map((c) => (
                <li key={c.id} className="flex items-center justify-between py-2">
                  <Link href={`/admin/containers/${c.id}`} className="hover:underline">
                    {c.ctid} · {c.hostname}
                  </Link>
                  <span className="flex items-center gap-2 text-xs text-slate-500">
                    {c.node.name} · {formatMb(c.ramMb)} <StatusBadge status={c.status} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
