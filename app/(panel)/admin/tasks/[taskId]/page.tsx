import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { orNotFound } from "@/lib/errors/or-not-found";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { getTask } from "@/lib/tasks/get-task";

export const generateMetadata = adminPageMetadata("Task");

export default async function TaskPage({ params }: { params: Promise<{ taskId: string }> }) {
  const actor = await requirePageActor("dashboard.admin");
  const { taskId } = await params;
  const { t, locale } = await getTranslator();
  const task = await orNotFound(getTask({ actor, taskId }));
  const isActive = task.status === "QUEUED" || task.status === "RUNNING";
  return (
    <>
      {isActive ? <AutoRefresh seconds={1} /> : null}
      <PageHeader
        title={task.type}
        subtitle={
          task.container
            ? `CTID ${task.container.ctid} · ${task.container.hostname}`
            : String(task.input.hostname ?? task.node?.name ?? "")
        }
        actions={<StatusBadge status={task.status} />}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title={t("tasks.col.progress")}>
          <progress
            className="h-2 w-full accent-brand-600"
            max={100}
            value={task.progress}
            aria-label={`${task.type} progress`}
          />
          <p className="mt-2 text-sm" data-testid="task-progress">
            {task.progress}% {task.phase ?? ""}
          </p>
          {task.error ? (
            <p role="alert" className="mt-2 text-sm text-rose-600">
              {task.error}
            </p>
          ) : null}
          <dl className="mt-4 grid grid-cols-2 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
            <dt>{t("tasks.col.actor")}</dt>
            <dd>{task.actorLabel}</dd>
            <dt>{t("common.created")}</dt>
            <dd>{formatDateTime(task.createdAt, locale)}</dd>
            <dt>{t("common.status")}</dt>
            <dd>{formatDateTime(task.finishedAt, locale)}</dd>
          </dl>
          {task.container ? (
            <Link
              href={`/admin/containers/${task.container.id}`}
              className="mt-4 block text-sm text-brand-600 hover:underline"
            >
              {task.container.hostname}
            </Link>
          ) : null}
        </Card>
        <Card title="Log" className="xl:col-span-2">
          <ol className="max-h-[60vh] space-y-0.5 overflow-auto font-mono text-xs" aria-label="Task log">
            {task.logLines.map((l) => (
              <li
                key={l.id}
                className={l.level === "error" ? "text-rose-600" : l.level === "warn" ? "text-amber-600" : ""}
              >
                <span className="text-slate-400">{l.createdAt.toISOString().slice(11, 19)}</span> {l.message}
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}
