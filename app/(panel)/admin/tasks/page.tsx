import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { TaskFilterForm } from "@/components/task-filter-form";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { listTasks } from "@/lib/tasks/list-tasks";

export const generateMetadata = adminPageMetadata("Tasks");

export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const actor = await requirePageActor("dashboard.admin");
  const { t, locale } = await getTranslator();
  const params = await searchParams;
  const tasks = await listTasks({ actor, query: params });
  return (
    <>
      <AutoRefresh seconds={3} />
      <PageHeader title={t("tasks.title")} subtitle={t("tasks.subtitle")} />
      <TaskFilterForm t={t} status={params.status ?? ""} type={params.type ?? ""} />
      {tasks.length === 0 ? (
        <EmptyState message={t("tasks.empty")} />
      ) : (
        <DataTable
          caption={t("tasks.title")}
          rows={tasks}
          columns={[
            {
              header: t("tasks.col.type"),
              cell: (x) => (
                <Link
                  href={`/admin/tasks/${x.id}`}
                  className="font-mono text-xs text-brand-600 hover:underline"
                >
                  {x.type}
                </Link>
              ),
            },
            {
              header: t("tasks.col.target"),
              cell: (x) =>
                x.container ? `${x.container.ctid} ${x.container.hostname}` : (x.node?.name ?? "—"),
            },
            { header: t("common.status"), cell: (x) => <StatusBadge status={x.status} /> },
            { header: t("tasks.col.progress"), cell: (x) => `${x.progress}%` },
            { header: t("tasks.col.actor"), cell: (x) => x.actorLabel },
            { header: t("common.created"), cell: (x) => formatDateTime(x.createdAt, locale) },
          ]}
        />
      )}
    </>
  );
}
