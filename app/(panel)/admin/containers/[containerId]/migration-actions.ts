"use server";

import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { requestContainerMigration } from "@/lib/migration/request-container-migration";

export async function migrateContainerAction(
  containerId: string,
  input: { targetNodeId: string; mode: string; fallbackOnline: boolean; renumber: boolean },
) {
  return runAction(async () => {
    const task = await requestContainerMigration({
      actor: await requireActor(),
      containerId: String(containerId),
      input,
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
}
