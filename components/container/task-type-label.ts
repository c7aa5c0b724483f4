import type { MessageKey, Translate } from "@/lib/i18n/messages";

const TASK_KEYS: Record<string, MessageKey> = {
  "container.create": "portal.task.create",
  "container.start": "portal.task.start",
  "container.stop": "portal.task.stop",
  "container.restart": "portal.task.restart",
  "container.reinstall": "portal.task.reinstall",
  "container.set-password": "portal.task.set-password",
  "container.set-hostname": "portal.task.set-hostname",
  "container.set-limits": "portal.task.set-limits",
  "container.set-ip": "portal.task.set-ip",
  "container.apply-plan": "portal.task.apply-plan",
  "container.destroy": "portal.task.destroy",
};

/** A task's type as words a customer reads ("Reset root password"), or the type itself when unknown. */
export function getTaskTypeLabel(t: Translate, type: string): string {
  const key = TASK_KEYS[type];
  return key ? t(key) : type;
}

const STATUS_KEYS: Record<string, MessageKey> = {
  QUEUED: "portal.taskStatus.QUEUED",
  RUNNING: "portal.taskStatus.RUNNING",
  SUCCEEDED: "portal.taskStatus.SUCCEEDED",
  FAILED: "portal.taskStatus.FAILED",
  CANCELLED: "portal.taskStatus.CANCELLED",
};

/** A task's status in the reader's language ("succeeded", "已完成"). */
export function getTaskStatusLabel(t: Translate, status: string): string {
  const key = STATUS_KEYS[status];
  return key ? t(key) : status.toLowerCase();
}
