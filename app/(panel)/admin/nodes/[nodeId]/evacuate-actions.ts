"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { requestNodeEvacuation } from "@/lib/migration/request-node-evacuation";

export async function evacuateNodeAction(nodeId: string, input: { mode: string; fallbackOnline: boolean }) {
  const res = await runAction(async () => {
    const task = await requestNodeEvacuation({
      actor: await requireActor(),
      nodeId: String(nodeId),
      input,
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
  revalidatePath(`/admin/nodes/${nodeId}`);
  return res;
}
