import "server-only";
import { migrateContainer } from "./migrate-container";
import { evacuateNode } from "./migrate-evacuate-node";
import type { TaskHandler } from "./types";

/** The migration task types, merged into TASK_HANDLERS (index.ts). */
export const MIGRATION_HANDLERS: Record<string, TaskHandler> = {
  "container.migrate": migrateContainer,
  "node.evacuate": evacuateNode,
};
