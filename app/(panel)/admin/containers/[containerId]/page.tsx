import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { BackupCard } from "@/components/backups/backup-card";
import { BeancountersPanel } from "@/components/container/beancounters-panel";
import { ReinstallForm } from "@/components/container/reinstall-form";
import { UsageCharts } from "@/components/container/usage-charts";
import { SuspendControl } from "@/components/suspend-control";
import { TaskList } from "@/components/task-list";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { getBeancounters } from "@/lib/containers/get-beancounters";
import { getContainer } from "@/lib/containers/get-container";
import { listReinstallTemplates } from "@/lib/containers/list-reinstall-templates";
import { listUsageSamples } from "@/lib/containers/list-usage-samples";
import { orNotFound } from "@/lib/errors/or-not-found";
import { formatDateTime, formatMb } from "@/lib/format";
import { listMigrationTargets } from "@/lib/migration/list-migration-targets";
import { listPlans } from "@/lib/plans/list-plans";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { reinstallAction } from "../../../container-actions";
import * as backupActions from "../../backups/actions";
import { AddressesAndPlan } from "./addresses-and-plan";
import { ContainerActions } from "./container-actions";
import { LimitsEditor } from "./limits-editor";
import { MigrateForm } from "./migrate-form";

export const generateMetadata = adminPageMetadata("Container");

export default async function ContainerPage({ params }: { params: Promise<{ containerId: string }> }) {
  const actor = await requirePageActor("container.read");
  const { containerId } = await params;
  const { t, locale } = await getTranslator();
  const c = await orNotFound(getContainer({ actor, containerId }));
  const [templates, samples, plans] = await Promise.all([
    listReinstallTemplates({ actor, containerId }),
    listUsageSamples({ actor, containerId }),
    listPlans({ actor }),
  ]);
  const beancounters = c.status === "RUNNING" ? await getBeancounters({ actor, containerId }) : null;
  const isBusy = c.tasks.some((x) => x.status === "QUEUED" || x.status === "RUNNING");
  const overview: [string, React.ReactNode][] = [
    [
      "CTID",
      <span key="ctid" className="tabular-nums">
        {c.ctid}
      </span>,
    ],
    [
      t("containers.col.node"),
      <Link key="node" href={`/admin/nodes/${c.node.id}`} className="text-brand-600 hover:underline">
        {c.node.name}
      </Link>,
    ],
    [t("containers.col.tenant"), c.tenant.name],
    [t("containers.col.ips"), c.ipAddresses.map((a) => a.address).join(", ") || "—"],
    [t("containers.form.template"), c.template?.name ?? "—"],
    [t("containers.col.plan"), c.plan?.name ?? "—"],
    [t("containers.form.nameservers"), c.nameservers || "—"],
    [t("containers.detail.uptime"), c.status === "RUNNING" ? formatDateTime(c.startedAt, locale) : "—"],
    [t("containers.detail.synced"), formatDateTime(c.lastSyncedAt, locale)],
  ];
  const limits: [string, string][] = [
    [t("containers.limits.ram"), `${formatMb(c.ramMb)} + ${formatMb(c.swapMb)} swap`],
    [t("containers.limits.disk"), `${formatMb(c.diskspaceMb)}:${formatMb(c.diskspaceLimitMb)}`],
    [t("containers.limits.numproc"), c.numproc === null ? "unlimited" : String(c.numproc)],
    [t("containers.limits.cpus"), c.cpus === null ? "all" : String(c.cpus)],
    [t("containers.limits.cpulimit"), c.cpulimit === null ? "none" : `${c.cpulimit}%`],
  ];
  return (
    <>
      <AutoRefresh seconds={isBusy ? 1 : 5} />
      <PageHeader
        title={c.hostname}
        subtitle={`CTID ${c.ctid} · ${c.node.name}`}
        actions={
          <span className="flex items-center gap-3">
            <Link
              href={`/admin/containers/${c.id}/console`}
              className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium dark:border-slate-700"
            >
              {t("console.open")}
            </Link>
            <span data-testid="container-status">
              <StatusBadge status={c.status} />
            </span>
          </span>
        }
      />
      {c.hasDrift ? (
        <p
          role="status"
          className="mb-4 rounded-lg bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          {t("containers.detail.drift")}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={t("containers.detail.overview")}>
          <DetailList items={overview} />
        </Card>
        <Card title={t("containers.detail.actions")}>
          <ContainerActions container={{ id: c.id, hostname: c.hostname, status: c.status, isBusy }} />
          <div className="mt-4 border-t border-slate-100 pt-4 dark:border-slate-800">
            <SuspendControl kind="container" id={c.id} isSuspended={c.isSuspended} />
          </div>
        </Card>
        <Card title={t("containers.detail.limits")}>
          <DetailList items={limits} label={t("containers.detail.limits")} className="mb-4" />
          <LimitsEditor containerId={c.id} isRunning={c.status === "RUNNING"} />
        </Card>
        <Card title={t("containers.detail.beancounters")} className="xl:col-span-2">
          <BeancountersPanel beancounters={beancounters} t={t} />
        </Card>
        <Card title={t("containers.detail.usage")} className="xl:col-span-2">
          <UsageCharts samples={samples} limits={c} t={t} />
        </Card>
        <Card title={t("containers.detail.addressesAndPlan")}>
          <AddressesAndPlan
            containerId={c.id}
            addresses={c.ipAddresses.map((a) => ({ address: a.address, pool: a.pool.name }))}
            plans={plans.map((p) => ({ id: p.id, name: p.name }))}
            currentPlanId={c.plan?.id ?? null}
            isBusy={isBusy}
          />
        </Card>
        <Card title={t("containers.reinstall")}>
          <ReinstallForm
            containerId={c.id}
            hostname={c.hostname}
            templates={templates}
            currentTemplateId={c.template?.id ?? null}
            isDisabled={isBusy}
            onReinstall={reinstallAction}
          />
        </Card>
        <Card title={t("migration.title")}>
          <MigrateForm
            containerId={c.id}
            isBusy={isBusy}
            {...(await listMigrationTargets({ actor, containerId }))}
          />
        </Card>
        <BackupCard
          actor={actor}
          containerId={c.id}
          hostname={c.hostname}
          isDisabled={isBusy}
          actions={backupActions}
        />
        <Card title={t("containers.detail.tasks")}>
          <TaskList tasks={c.tasks} locale={locale} emptyText={t("containers.detail.noTasks")} />
        </Card>
      </div>
    </>
  );
}
