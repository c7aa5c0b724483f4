"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { addContainerAddress } from "@/lib/containers/add-container-address";
import { changeContainerPlan } from "@/lib/containers/change-container-plan";
import { changeHostname } from "@/lib/containers/change-hostname";
import { createContainer } from "@/lib/containers/create-container";
import { destroyContainer } from "@/lib/containers/destroy-container";
import { reinstallContainer } from "@/lib/containers/reinstall-container";
import { removeContainerAddress } from "@/lib/containers/remove-container-address";
import { type PowerAction, requestPowerAction } from "@/lib/containers/request-power-action";
import { resetRootPassword } from "@/lib/containers/reset-root-password";
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

export async function powerAction(containerId: string, action: PowerAction) {
  return runAction(async () => {
    if (!["start", "stop", "restart"].includes(action)) throw new Error("bad action");
    const task = await requestPowerAction({
      actor: await requireActor(),
      containerId: String(containerId),
      action,
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
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

export async function resetPasswordAction(containerId: string, password: string) {
  return runAction(async () => {
    const res = await resetRootPassword({
      actor: await requireActor(),
      containerId: String(containerId),
      password: String(password ?? ""),
      ip: await getRequestIp(),
    });
    return { taskId: res.task.id, generatedPassword: res.generatedPassword };
  });
}

export async function changeHostnameAction(containerId: string, hostname: string) {
  return runAction(async () => {
    const task = await changeHostname({
      actor: await requireActor(),
      containerId: String(containerId),
      hostname: String(hostname),
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
}

export async function reinstallAction(
  containerId: string,
  input: { templateId: string; confirmHostname: string; rootPassword: string },
) {
  return runAction(async () => {
    const res = await reinstallContainer({
      actor: await requireActor(),
      containerId: String(containerId),
      templateId: String(input.templateId),
      confirmHostname: String(input.confirmHostname),
      rootPassword: String(input.rootPassword ?? ""),
      ip: await getRequestIp(),
    });
    return { taskId: res.task.id, generatedPassword: res.generatedPassword };
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
