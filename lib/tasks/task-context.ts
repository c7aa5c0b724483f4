import "server-only";
import { db } from "../db";

export type TaskRow = {
  id: string;
  type: string;
  commandId: string | null;
  containerId: string | null;
  nodeId: string | null;
  tenantId: string | null;
  input: Record<string, unknown>;
};

/** What a task handler gets: its task, and ways to report progress and log lines that users can follow. */
export type TaskContext = {
  task: TaskRow;
  log(message: string, level?: "info" | "warn" | "error"): Promise<void>;
  /** Several lines in one write (an agent operation's log arrives in batches). */
  logMany(messages: string[]): Promise<void>;
  /** 0..100, never going backwards; `phase` is the human-readable step shown beside the bar. */
  progress(percent: number, phase?: string): Promise<void>;
  /** A derived command id for step `n` of a multi-command task: stable across restarts (idempotent). */
  stepCommandId(step: number): string;
};

export function createTaskContext(task: TaskRow): TaskContext {
  let last = 0;
  return {
    task,
    async log(message, level = "info") {
      await db.taskLogLine.create({
        data: { taskId: task.id, message: message.slice(0, 2000), level },
        select: { id: true },
      });
    },
    async logMany(messages) {
      if (messages.length === 0) return;
      await db.taskLogLine.createMany({
        data: messages.map((message) => ({
          taskId: task.id,
          message: message.slice(0, 2000),
          level: "info",
        })),
      });
    },
    async progress(percent, phase) {
      const value = Math.max(last, Math.min(100, Math.round(percent)));
      if (value === last && !phase) return;
      last = value;
      // updatedAt doubles as the task's heartbeat (see worker.ts).
      await db.task.update({
        where: { id: task.id },
        data: { progress: value, ...(phase ? { phase } : {}) },
        select: { id: true },
      });
    },
    stepCommandId(step) {
      return `${task.commandId ?? task.id}-${step}`;
    },
  };
}
