import "server-only";
import { z } from "zod";
import { requestContainerMigration } from "../../migration/request-container-migration";
import { migrateContainerInputSchema } from "../../migration/schemas";
import { defineApiRoute } from "../define-api-route";
import { loadQueuedTask } from "../load-views";
import { queuedTaskView } from "../views";

export const migrateContainerRoute = defineApiRoute({
  method: "POST",
  path: "/containers/{containerId}/migrate",
  operationId: "migrateContainer",
  action: "container.migrate",
  summary: "Migrate a container to another node",
  description:
    "Admins only. Pre-checks the target (online, not drained, serves the pools of the container's addresses, memory, CTID free or renumbered, checkpointing for live mode), then queues a container.migrate task; the nodes check space, memory and addresses again before anything moves. The task's log carries the phases, the bytes copied and the measured downtime; on success the container (and its addresses) belong to the target node. Send an Idempotency-Key to make a retry safe.",
  tag: "Containers",
  params: z.object({ containerId: z.string().min(1).max(64) }),
  body: migrateContainerInputSchema,
  response: queuedTaskView,
  status: 202,
  idempotent: true,
  async handler({ actor, params, body, ip }) {
    const task = await requestContainerMigration({ actor, containerId: params.containerId, input: body, ip });
    return loadQueuedTask(task.id);
  },
});
