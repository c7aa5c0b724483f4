import { formatDateTime } from "@/lib/format";
import { StatusBadge } from "./ui/status-badge";

type TaskSummary = {
  id: string;
  type: string;
  status: string;
  progress: number;
  phase: string | null;
  error: string | null;
  actorLabel: string;
  createdAt: Date;
};

/** Tasks with their status and progress as readable text (tests and screen readers wait on it). */
export function TaskList({
  tasks,
  locale,
  emptyText,
  hrefBase = "/admin/tasks",
  label = "Tasks",
  describeType,
  showActor = true,
  describeStatus,
}: {
  tasks: TaskSummary[];
  locale: string;
  emptyText: string;
  /** Where a task's page lives for this reader: admins and customers have their own. */
  hrefBase?: string;
  label?: string;
  /** Words for a task's type; the type itself (container.start) when absent. */
  describeType?: (type: string) => string;
  /** Who queued it: an admin's e-mail or "system"; customers' pages leave it out. */
  showActor?: boolean;
  /** Words for a status in the reader's language; the status itself when absent. */
  describeStatus?: (status: string) => string;
}) {
  if (tasks.length === 0) return <p className="text-sm text-slate-500">{emptyText}</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" aria-label={label}>
      {tasks.map((task) => (
        <li
          key={task.id}
          className="space-y-1 py-2"
          data-testid="task"
          data-task-type={task.type}
          data-task-status={task.status}
        >
          <div className="flex items-center justify-between gap-2">
            <a
              href={`${hrefBase}/${task.id}`}
              className={describeType ? "font-medium hover:underline" : "font-mono text-xs hover:underline"}
            >
              {describeType ? describeType(task.type) : task.type}
            </a>
            <span className="flex items-center gap-2 text-xs text-slate-500">
              {formatDateTime(task.createdAt, locale)}
              {showActor ? ` · ${task.actorLabel}` : null}
              <StatusBadge status={task.status} label={describeStatus?.(task.status)} />
            </span>
          </div>
          {task.status === "RUNNING" || task.status === "QUEUED" ? (
            <div className="flex items-center gap-2">
              <progress
                className="h-2 flex-1 overflow-hidden rounded bg-slate-200 accent-brand-600"
                max={100}
                value={task.progress}
                aria-label={`${task.type} progress`}
              />
              <span className="w-24 text-right text-xs tabular-nums" data-testid="task-progress">
                {task.progress}% {task.phase ?? ""}
              </span>
            </div>
          ) : null}
          {task.error ? <p className="text-xs text-rose-600">{task.error}</p> : null}
        </li>
      ))}
    </ul>
  );
}
