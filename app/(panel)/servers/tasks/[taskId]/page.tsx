import Link from "next/link";
import { redirect } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { getTaskStatusLabel, getTaskTypeLabel } from "@/components/container/task-type-label";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { requirePageActor, titleWhenFound } from "@/lib/auth/get-actor";
import { orNotFound } from "@/lib/errors/or-not-found";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { getTask } from "@/lib/tasks/get-task";

export const generateMetadata = titleWhenFound("Task", (actor, { taskId }: { taskId: string }) =>
  getTask({ actor, taskId }),
);

/** One of the customer's tasks: progress as text while it runs, then its outcome and log. */
export default async function ServerTaskPage({ params }: { params: Promise<{ taskId: string }> }) {
  const actor = await requirePageActor("task.read");
  const { taskId } = await params;
  if (actor.role === "ADMIN") redirect(`/admin/tasks/${encodeURIComponent(taskId)}`);
  const { t, locale } = await getTranslator();
  const task = await orNotFound(getTask({ actor, taskId }));
  const isActive = task.status === "QUEUED" || task.status === "RUNNING";
  const label = getTaskTypeLabel(t, task.type);
  // The node's own name prefixes its log lines and errors; a customer reads them without it.
  const nodePrefix = task.node ? `${task.node.name}: ` : null;
  const withoutNode = (text: string) =>
    nodePrefix && text.startsWith(nodePrefix) ? text.slice(nodePrefix.length) : text;
  return (
    <>
      {isActive ? <AutoRefresh seconds={1} /> : null}
      <PageHeader
        title={label}
        subtitle={task.container?.hostname}
        actions={
          <span data-testid="task-status">
            <StatusBadge status={task.status} label={getTaskStatusLabel(t, task.status)} />
          </span>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title={t("tasks.col.progress")}>
          <progress
            className="h-2 w-full accent-brand-600"
            max={100}
            value={task.progress}
            aria-label={t("portal.tasks.progressOf", { task: label })}
          />
          <p className="mt-2 text-sm" data-testid="task-progress">
            {task.progress}% {task.phase ?? ""}
          </p>
          {task.error ? (
            <p role="alert" className="mt-2 text-sm text-rose-600">
              {withoutNode(task.error)}
            </p>
          ) : null}
          <dl className="mt-4 grid grid-cols-2 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
            <dt>{t("common.created")}</dt>
            <dd>{formatDateTime(task.createdAt, locale)}</dd>
            <dt>{t("portal.tasks.finished")}</dt>
            <dd>{formatDateTime(task.finishedAt, locale)}</dd>
          </dl>
          <div className="mt-4 flex flex-col gap-1 text-sm">
            {task.container ? (
              <Link href={`/servers/${task.container.id}`} className="text-brand-600 hover:underline">
                {task.container.hostname}
              </Link>
            ) : null}
            <Link href="/servers/tasks" className="text-brand-600 hover:underline">
              {t("portal.allTasks")}
            </Link>
          </div>
        </Card>
        <Card title={t("portal.tasks.log")} className="xl:col-span-2">
          <ol
            className="max-h-[60vh] space-y-0.5 overflow-auto font-mono text-xs"
            aria-label={t("portal.tasks.log")}
          >
            {task.logLines.map((l) => (
              <li
                key={l.id}
                className={l.level === "error" ? "text-rose-600" : l.level === "warn" ? "text-amber-600" : ""}
              >
                <span className="text-slate-400">{l.createdAt.toISOString().slice(11, 19)}</span>{" "}
                {withoutNode(l.message)}
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}
