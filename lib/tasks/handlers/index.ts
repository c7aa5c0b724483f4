import "server-only";
import { copyBackupTask, createBackupTask } from "./backup-create";
import { restoreBackupTask } from "./backup-restore";
import { buildTemplate } from "./build-template";
import { createContainer } from "./create-container";
import { destroyContainer } from "./destroy-container";
import { fetchTemplate } from "./fetch-template";
import { MIGRATION_HANDLERS } from "./migrate-handlers";
import { powerContainer } from "./power-container";
import { reinstallContainer } from "./reinstall-container";
import { applyPlan, setContainerHostname, setContainerLimits, setContainerPassword } from "./set-container";
import { setContainerIp } from "./set-container-ip";
import { transferTemplate } from "./transfer-template";
import type { TaskHandler } from "./types";

/** Every task type the worker runs. A queued task of another type fails with "no handler". */
export const TASK_HANDLERS: Record<string, TaskHandler> = {
  "container.create": createContainer,
  "container.start": powerContainer("start"),
  "container.stop": powerContainer("stop"),
  "container.restart": powerContainer("restart"),
  "container.destroy": destroyContainer,
  "container.reinstall": reinstallContainer,
  "container.set-limits": setContainerLimits,
  "container.apply-plan": applyPlan,
  "container.set-hostname": setContainerHostname,
  "container.set-password": setContainerPassword,
  "container.set-ip": setContainerIp,
  "template.fetch": fetchTemplate,
  "template.transfer": transferTemplate,
  "template.build": buildTemplate,
  "backup.create": createBackupTask,
  "backup.restore": restoreBackupTask,
  "backup.copy": copyBackupTask,
  ...MIGRATION_HANDLERS,
};
