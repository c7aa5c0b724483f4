import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { getTaskStatusLabel, getTaskTypeLabel } from "@/components/container/task-type-label";
import { TaskFilterForm } from "@/components/task-filter-form";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { listTasks } from "@/lib/tasks/list-tasks";

export const metadata: Metadata = { title: "My tasks" };

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
      <TaskFilterForm t={t} status={params.status ?? ""} />
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
