import { z } from "zod";
import { CONTAINER_STATUSES } from "../containers/list-containers";

// The JSON shapes /api/v1 answers with. Dates are ISO 8601 strings; ids are opaque strings.

const ref = z.object({ id: z.string(), name: z.string() });
const dateTime = z.iso.datetime().describe("ISO 8601 date-time");

export const containerView = z
  .object({
    id: z.string(),
    ctid: z.int().describe("The container's id on its node, as vzctl uses it."),
    hostname: z.string(),
    status: z.enum(CONTAINER_STATUSES),
    isSuspended: z.boolean().describe("Suspended by the provider: stopped, and no action works."),
    tenant: ref,
    node: ref.nullable().describe("The node it runs on; null for customers."),
    plan: ref.nullable(),
    template: ref.nullable(),
    ipAddresses: z.array(z.string()),
    ramMb: z.int(),
    diskMb: z.int(),
    createdAt: dateTime,
  })
  .meta({ id: "Container" });

export const TASK_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;

export const taskView = z
  .object({
    id: z.string(),
    type: z.string().describe("e.g. container.create, container.start"),
    status: z.enum(TASK_STATUSES),
    progress: z.int().min(0).max(100),
    phase: z.string().nullable().describe("The current step, in words."),
    error: z.string().nullable(),
    containerId: z.string().nullable(),
    createdAt: dateTime,
    startedAt: dateTime.nullable(),
    finishedAt: dateTime.nullable(),
  })
  .meta({ id: "Task" });

export const taskDetailView = taskView
  .extend({
    log: z.array(z.object({ level: z.string(), message: z.string(), at: dateTime })),
  })
  .meta({ id: "TaskDetail" });

export const queuedTaskView = z.object({ task: taskView }).meta({
  id: "QueuedTask",
  description: "The task doing the work; follow it with GET /tasks/{taskId}/wait.",
});

type ContainerRow = {
  id: string;
  ctid: number;
  hostname: string;
  status: (typeof CONTAINER_STATUSES)[number];
  isSuspended: boolean;
  ramMb: number;
  diskspaceMb: number;
  createdAt: Date;
  tenant: { id: string; name: string };
  node: { id: string; name: string };
  plan: { id: string; name: string } | null;
  template: { id: string; name: string } | null;
  ipAddresses: { address: string }[];
};

export const CONTAINER_VIEW_SELECT = {
  id: true,
  ctid: true,
  hostname: true,
  status: true,
  isSuspended: true,
  ramMb: true,
  diskspaceMb: true,
  createdAt: true,
  tenant: { select: { id: true, name: true } },
  node: { select: { id: true, name: true } },
  plan: { select: { id: true, name: true } },
  template: { select: { id: true, name: true } },
  ipAddresses: { select: { address: true }, orderBy: { address: "asc" as const } },
} as const;

export function toContainerView(c: ContainerRow, options: { showNode: boolean }) {
  return {
    id: c.id,
    ctid: c.ctid,
    hostname: c.hostname,
    status: c.status,
    isSuspended: c.isSuspended,
    tenant: c.tenant,
    node: options.showNode ? c.node : null,
    plan: c.plan,
    template: c.template,
    ipAddresses: c.ipAddresses.map((a) => a.address),
    ramMb: c.ramMb,
    diskMb: c.diskspaceMb,
    createdAt: c.createdAt.toISOString(),
  };
}

type TaskRow = {
  id: string;
  type: string;
  status: (typeof TASK_STATUSES)[number];
  progress: number;
  phase: string | null;
  error: string | null;
  containerId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export const TASK_VIEW_SELECT = {
  id: true,
  type: true,
  status: true,
  progress: true,
  phase: true,
  error: true,
  containerId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

export function toTaskView(t: TaskRow) {
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    progress: t.progress,
    phase: t.phase,
    error: t.error,
    containerId: t.containerId,
    createdAt: t.createdAt.toISOString(),
    startedAt: t.startedAt?.toISOString() ?? null,
    finishedAt: t.finishedAt?.toISOString() ?? null,
  };
}
