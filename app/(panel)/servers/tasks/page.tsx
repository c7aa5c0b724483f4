import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { getTaskStatusLabel, getTaskTypeLabel } from "@/components/container/task-type-label";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { listTasks } from "@/lib/tasks/list-tasks";

export const metadata: Metadata = { title: "My tasks" };

const STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;

/** The customer's task history: every task on their tenant's servers (listTasks filters by tenant). */
export default async function ServerTasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string>>;
}) {
  const actor = await requirePageActor("task.list");
  if (actor.role === "ADMIN") redirect("/admin/tasks");
  const { t, locale } = await getTranslator();
  const params = await searchParams;
  const tasks = await listTasks({ actor, take: 200, query: { status: params.status ?? "" } });
  const isActive = tasks.some((x) => x.status === "QUEUED" || x.status === "RUNNING");
  return (
    <>
      <AutoRefresh seconds={isActive ? 2 : 10} />
      <PageHeader title={t("portal.tasks.title")} subtitle={t("portal.tasks.subtitle")} />
      <form method="get" aria-label={t("tasks.filter")} className="mb-4 flex flex-wrap items-end gap-3">
        <label
          htmlFor="task-status"
          className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400"
        >
          {t("common.status")}
          <select
            id="task-status"
            name="status"
            defaultValue={params.status ?? ""}
            className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            <option value="">{t("containers.filter.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {getTaskStatusLabel(t, s)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="rounded-lg bg-slate-800 px-3 py-1.5 text-sm text-white dark:bg-slate-200 dark:text-slate-900"
        >
          {t("containers.filter.apply")}
        </button>
      </form>
      {tasks.length === 0 ? (
        <EmptyState message={t("portal.tasks.empty")} />
      ) : (
        <DataTable
          caption={t("portal.tasks.title")}
          rows={tasks}
          columns={[
            {
              header: t("tasks.col.type"),
              cell: (x) => (
                <Link href={`/servers/tasks/${x.id}`} className="font-medium text-brand-600 hover:underline">
                  {getTaskTypeLabel(t, x.type)}
                </Link>
              ),
            },
            {
              header: t("portal.tasks.server"),
              cell: (x) =>
                x.container ? (
                  <Link href={`/servers/${x.container.id}`} className="hover:underline">
                    {x.container.hostname}
                  </Link>
                ) : (
                  "—"
                ),
            },
            {
              header: t("common.status"),
              cell: (x) => <StatusBadge status={x.status} label={getTaskStatusLabel(t, x.status)} />,
            },
            {
              header: t("tasks.col.progress"),
              cell: (x) => (
                <span className="tabular-nums">
                  {x.progress}%{x.status === "RUNNING" && x.phase ? ` ${x.phase}` : ""}
                </span>
              ),
            },
            { header: t("common.created"), cell: (x) => formatDateTime(x.createdAt, locale) },
            { header: t("portal.tasks.finished"), cell: (x) => formatDateTime(x.finishedAt, locale) },
          ]}
        />
      )}
    </>
  );
}
