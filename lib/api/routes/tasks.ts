import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { authorize, getTenantScope } from "../../auth/authorize";
import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import { getTask } from "../../tasks/get-task";
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from "../cursor";
import { defineApiRoute } from "../define-api-route";
import { TASK_STATUSES, TASK_VIEW_SELECT, taskDetailView, taskView, toTaskView } from "../views";

const tag = "Tasks";
const taskParams = z.object({ taskId: z.string().min(1).max(64) });

export const listTasksRoute = defineApiRoute({
  method: "GET",
  path: "/tasks",
  operationId: "listTasks",
  action: "task.list",
  summary: "List tasks, oldest first",
  description: "A customer sees their own tenant's tasks.",
  tag,
  query: pageQuerySchema.extend({
    status: z.enum(TASK_STATUSES).optional(),
    containerId: z.string().max(64).optional(),
  }),
  response: pageSchema(taskView),
  async handler({ actor, query }) {
    authorize(actor, "task.list", null);
    const tenantId = getTenantScope(actor);
    const after = decodeCursor(query.cursor);
    const where: Prisma.TaskWhereInput = {
      ...(tenantId ? { tenantId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.containerId ? { containerId: query.containerId } : {}),
      ...(after ? { id: { gt: after } } : {}),
    };
    const rows = await db.task.findMany({
      where,
      orderBy: { id: "asc" },
      take: query.limit + 1,
      select: TASK_VIEW_SELECT,
    });
    const page = toPage(rows, query.limit);
    return { ...page, data: page.data.map(toTaskView) };
  },
});

async function loadTaskDetail(actor: Parameters<typeof getTask>[0]["actor"], taskId: string) {
  const t = await getTask({ actor, taskId });
  return {
    ...toTaskView({ ...t, containerId: t.container?.id ?? null }),
    log: t.logLines.map((l) => ({ level: l.level, message: l.message, at: l.createdAt.toISOString() })),
  };
}

export const getTaskRoute = defineApiRoute({
  method: "GET",
  path: "/tasks/{taskId}",
  operationId: "getTask",
  action: "task.read",
  summary: "Get a task with its log",
  tag,
  params: taskParams,
  response: taskDetailView,
  handler: ({ actor, params }) => loadTaskDetail(actor, params.taskId),
});

const FINISHED = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

export const waitTaskRoute = defineApiRoute({
  method: "GET",
  path: "/tasks/{taskId}/wait",
  operationId: "waitTask",
  action: "task.read",
  summary: "Follow a task: answers when it finishes, or after the timeout with its progress",
  description:
    "A long poll. Call again while `status` is QUEUED or RUNNING; each answer carries the current progress and phase.",
  tag,
  params: taskParams,
  query: z.object({
    timeout: z.coerce.number().int().min(0).max(60).default(30).describe("Seconds to wait at most, 0 to 60."),
  }),
  response: taskDetailView,
  async handler({ actor, params, query, req }) {
    const deadline = Date.now() + query.timeout * 1000;
    for (;;) {
      const task = await loadTaskDetail(actor, params.taskId);
      if (FINISHED.has(task.status) || Date.now() >= deadline || req.signal.aborted) return task;
      await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
    }
  },
});
