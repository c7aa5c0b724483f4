import Link from "next/link";
import { redirect } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { BackupCard } from "@/components/backups/backup-card";
import { BeancountersPanel } from "@/components/container/beancounters-panel";
import { HostnameForm } from "@/components/container/hostname-form";
import { PowerButtons } from "@/components/container/power-buttons";
import { ReinstallForm } from "@/components/container/reinstall-form";
import { RootPasswordForm } from "@/components/container/root-password-form";
import { getTaskStatusLabel, getTaskTypeLabel } from "@/components/container/task-type-label";
import { UsageCharts } from "@/components/container/usage-charts";
import { TaskList } from "@/components/task-list";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { requirePageActor, titleWhenFound } from "@/lib/auth/get-actor";
import { getBeancounters } from "@/lib/containers/get-beancounters";
import { getContainer } from "@/lib/containers/get-container";
import { listReinstallTemplates } from "@/lib/containers/list-reinstall-templates";
import { listUsageSamples } from "@/lib/containers/list-usage-samples";
import { orNotFound } from "@/lib/errors/or-not-found";
import { formatDateTime, formatMb } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import * as backupActions from "../../admin/backups/actions";
import {
  changeHostnameAction,
  powerAction,
  reinstallAction,
  resetPasswordAction,
} from "../../container-actions";
import { ServerHeader } from "./server-header";

export const generateMetadata = titleWhenFound("Server", (actor, { containerId }: { containerId: string }) =>
  getContainer({ actor, containerId }),
);

const linkClass =
  "inline-flex items-center rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800";

/**
 * A customer's own server: what it is, how it is doing, and what they may do with it. Only the actions
 * their role allows are offered (limits, plan, addresses and destroy are the provider's); the lib
 * functions refuse the rest whatever the page shows.
 */
export default async function ServerPage({ params }: { params: Promise<{ containerId: string }> }) {
  const actor = await requirePageActor("container.read");
  const { containerId } = await params;
  if (actor.role === "ADMIN") redirect(`/admin/containers/${encodeURIComponent(containerId)}`);
  const { t, locale } = await getTranslator();
  const c = await orNotFound(getContainer({ actor, containerId }));
  const [templates, samples, beancounters] = await Promise.all([
    listReinstallTemplates({ actor, containerId }),
    listUsageSamples({ actor, containerId }),
    c.status === "RUNNING" ? getBeancounters({ actor, containerId }) : null,
  ]);
  const activeTask = c.tasks.find((x) => x.status === "QUEUED" || x.status === "RUNNING");
  const isLocked =
    Boolean(actor.tenantSuspended) ||
    c.isSuspended ||
    activeTask !== undefined ||
    c.status === "CREATING" ||
    c.status === "DESTROYING";
  const overview: [string, React.ReactNode][] = [
    [t("containers.form.hostname"), c.hostname],
    [t("containers.col.ips"), c.ipAddresses.map((a) => a.address).join(", ") || "—"],
    [t("containers.form.template"), c.template?.name ?? "—"],
    [t("containers.col.plan"), c.plan?.name ?? "—"],
    [t("containers.detail.uptime"), c.status === "RUNNING" ? formatDateTime(c.startedAt, locale) : "—"],
    [t("common.created"), formatDateTime(c.createdAt, locale)],
    [
      "CTID",
      <span key="ctid" className="tabular-nums">
        {c.ctid}
      </span>,
    ],
  ];
  const resources: [string, string][] = [
    [t("containers.limits.ram"), formatMb(c.ramMb)],
    [t("containers.limits.swap"), c.swapMb ? formatMb(c.swapMb) : "—"],
    [t("containers.limits.disk"), formatMb(c.diskspaceMb)],
    [t("containers.limits.numproc"), c.numproc === null ? t("portal.unlimited") : String(c.numproc)],
    [t("containers.limits.cpus"), c.cpus === null ? t("portal.allCpus") : String(c.cpus)],
  ];
  const describeType = (type: string) => getTaskTypeLabel(t, type);

  return (
    <>
      <AutoRefresh seconds={activeTask ? 1 : 5} />
      <ServerHeader container={c} t={t} />
      {activeTask ? (
        <p
          role="status"
          data-testid="current-task"
          className="mb-4 rounded-lg bg-sky-50 px-4 py-2 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-200"
        >
          {t("portal.currentTask", {
            task: describeType(activeTask.type),
            progress: activeTask.progress,
            phase: activeTask.phase ?? t(activeTask.status === "QUEUED" ? "portal.queued" : "portal.working"),
          })}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={t("containers.detail.overview")}>
          <DetailList items={overview} />
        </Card>
        <Card title={t("portal.power")}>
          <div className="space-y-4">
            <PowerButtons containerId={c.id} status={c.status} isDisabled={isLocked} onPower={powerAction} />
            {activeTask ? <p className="text-xs text-slate-500">{t("portal.busyHint")}</p> : null}
            <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
              <Link href={`/servers/${c.id}/console`} className={linkClass}>
                {t("console.open")}
              </Link>
              <a href={`/console/${c.id}`} target="_blank" rel="noopener" className={linkClass}>
                {t("console.popOut")}
              </a>
            </div>
          </div>
        </Card>
        <Card title={t("containers.detail.usage")} className="xl:col-span-2">
          <UsageCharts samples={samples} limits={c} t={t} />
        </Card>
        <Card title={t("portal.resources")}>
          <DetailList items={resources} label={t("portal.resources")} />
          <p className="mt-3 text-xs text-slate-500">{t("portal.resourcesHint")}</p>
        </Card>
        <Card title={t("containers.password.reset")}>
          <RootPasswordForm
            containerId={c.id}
            hostname={c.hostname}
            isDisabled={isLocked}
            onReset={resetPasswordAction}
          />
        </Card>
        <Card title={t("containers.hostname.change")}>
          <HostnameForm
            containerId={c.id}
            hostname={c.hostname}
            isDisabled={isLocked}
            onChangeHostname={changeHostnameAction}
          />
        </Card>
        <Card title={t("containers.detail.tasks")}>
          <TaskList
            tasks={c.tasks.slice(0, 8)}
            locale={locale}
            emptyText={t("containers.detail.noTasks")}
            hrefBase="/servers/tasks"
            label={t("containers.detail.tasks")}
            describeType={describeType}
            describeStatus={(status) => getTaskStatusLabel(t, status)}
            showActor={false}
          />
          <Link href="/servers/tasks" className="mt-3 inline-block text-sm text-brand-600 hover:underline">
            {t("portal.allTasks")}
          </Link>
        </Card>
        <BackupCard
          actor={actor}
          containerId={c.id}
          hostname={c.hostname}
          isDisabled={isLocked}
          actions={backupActions}
        />
        <Card title={t("containers.detail.beancounters")} className="xl:col-span-2">
          <BeancountersPanel
            beancounters={beancounters}
            errorText={t("portal.beancountersUnavailable")}
            t={t}
          />
        </Card>
        <Card title={t("containers.reinstall")} className="xl:col-span-2">
          <ReinstallForm
            containerId={c.id}
            hostname={c.hostname}
            templates={templates}
            currentTemplateId={c.template?.id ?? null}
            isDisabled={isLocked}
            onReinstall={reinstallAction}
          />
        </Card>
      </div>
    </>
  );
}
