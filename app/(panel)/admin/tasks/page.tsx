import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
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
            {["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"].map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor="task-type" className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
          {t("tasks.col.type")}
          <input
            id="task-type"
            name="type"
            defaultValue={params.type ?? ""}
            placeholder="container."
            className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <button
          type="submit"
          className="rounded-lg bg-slate-800 px-3 py-1.5 text-sm text-white dark:bg-slate-200 dark:text-slate-900"
        >
          {t("containers.filter.apply")}
        </button>
      </form>
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
