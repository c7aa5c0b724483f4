"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { createNode } from "@/lib/nodes/create-node";
import { deleteNode } from "@/lib/nodes/delete-node";
import { renewJoinToken } from "@/lib/nodes/renew-join-token";
import { setNodeDisabled } from "@/lib/nodes/set-node-disabled";

export async function createNodeAction(input: { name: string }) {
  const res = await runAction(async () => {
    const created = await createNode({ actor: await requireActor(), input, ip: await getRequestIp() });
    return {
      nodeId: created.node.id,
      joinCommand: created.joinCommand,
      expiresAt: created.expiresAt.toISOString(),
    };
  });
  revalidatePath("/admin/nodes");
  return res;
}

export async function renewJoinTokenAction(nodeId: string) {
  return runAction(async () => {
    const renewed = await renewJoinToken({
      actor: await requireActor(),
      nodeId: String(nodeId),
      ip: await getRequestIp(),
    });
    return { joinCommand: renewed.joinCommand, expiresAt: renewed.expiresAt.toISOString() };
  });
}

export async function setNodeDisabledAction(nodeId: string, isDisabled: boolean) {
  const res = await runAction(async () =>
    setNodeDisabled({
      actor: await requireActor(),
      nodeId: String(nodeId),
      isDisabled: isDisabled === true,
      ip: await getRequestIp(),
    }),
  );
  revalidatePath(`/admin/nodes/${nodeId}`);
  return res;
}

export async function deleteNodeAction(nodeId: string) {
  const res = await runAction(async () =>
    deleteNode({ actor: await requireActor(), nodeId: String(nodeId), ip: await getRequestIp() }),
  );
  revalidatePath("/admin/nodes");
  return res;
}
