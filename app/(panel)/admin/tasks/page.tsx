import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { listTasks } from "@/lib/tasks/list-tasks";

export const metadata: Metadata = { title: "Tasks" };

export default async function TasksPage() {
  const actor = await requirePageActor("dashboard.admin");
  const { t, locale } = await getTranslator();
  const tasks = await listTasks({ actor });
  return (
    <>
      <PageHeader title={t("tasks.title")} subtitle={t("tasks.subtitle")} />
      {tasks.length === 0 ? (
        <EmptyState message={t("tasks.empty")} />
      ) : (
        <DataTable
          caption={t("tasks.title")}
          rows={tasks}
          columns={[
            { header: t("tasks.col.type"), cell: (x) => <code className="text-xs">{x.type}</code> },
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
