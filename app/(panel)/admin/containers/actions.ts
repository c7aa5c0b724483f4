"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { addContainerAddress } from "@/lib/containers/add-container-address";
import { changeContainerPlan } from "@/lib/containers/change-container-plan";
import { createContainer } from "@/lib/containers/create-container";
import { destroyContainer } from "@/lib/containers/destroy-container";
import { removeContainerAddress } from "@/lib/containers/remove-container-address";
import { setContainerLimits } from "@/lib/containers/set-container-limits";
import { runAction } from "@/lib/errors/action-result";

export async function createContainerAction(input: Record<string, string | boolean>) {
  const res = await runAction(async () => {
    const created = await createContainer({ actor: await requireActor(), input, ip: await getRequestIp() });
    return {
      containerId: created.container.id,
      ctid: created.container.ctid,
      nodeName: created.container.nodeName,
      addresses: created.container.addresses,
      taskId: created.task.id,
      generatedPassword: created.generatedPassword,
    };
  });
  revalidatePath("/admin/containers");
  return res;
}

export async function destroyContainerAction(containerId: string, confirmHostname: string) {
  return runAction(async () => {
    const task = await destroyContainer({
      actor: await requireActor(),
      containerId: String(containerId),
      confirmHostname: String(confirmHostname),
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
}

export async function setLimitsAction(containerId: string, input: Record<string, string>) {
  return runAction(async () => {
    const task = await setContainerLimits({
      actor: await requireActor(),
      containerId: String(containerId),
      input,
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
}

export async function addAddressAction(containerId: string, address: string) {
  return runAction(async () => {
    const res = await addContainerAddress({
      actor: await requireActor(),
      containerId: String(containerId),
      address: String(address ?? "").trim() || undefined,
      ip: await getRequestIp(),
    });
    return { taskId: res.task.id, address: res.address };
  });
}

export async function removeAddressAction(containerId: string, address: string) {
  return runAction(async () => {
    const task = await removeContainerAddress({
      actor: await requireActor(),
      containerId: String(containerId),
      address: String(address),
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
}

export async function changePlanAction(containerId: string, planId: string) {
  return runAction(async () => {
    const task = await changeContainerPlan({
      actor: await requireActor(),
      containerId: String(containerId),
      planId: String(planId),
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
}
