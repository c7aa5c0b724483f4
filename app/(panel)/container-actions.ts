"use server";

import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { changeHostname } from "@/lib/containers/change-hostname";
import { reinstallContainer } from "@/lib/containers/reinstall-container";
import { type PowerAction, requestPowerAction } from "@/lib/containers/request-power-action";
import { resetRootPassword } from "@/lib/containers/reset-root-password";
import { runAction } from "@/lib/errors/action-result";
import { AppError } from "@/lib/errors/app-error";

// A container's actions that admins and its own customers share (the admin container page and the
// customer's My servers). Each lib function authorizes on the container itself (another tenant's id answers
// NOT_FOUND to a customer) and refuses a customer while the tenant or the container is suspended.

const POWER_ACTIONS: readonly string[] = ["start", "stop", "restart"] satisfies PowerAction[];

export async function powerAction(containerId: string, action: PowerAction) {
  return runAction(async () => {
    if (!POWER_ACTIONS.includes(String(action))) throw new AppError("VALIDATION", "Unknown action.");
    const task = await requestPowerAction({
      actor: await requireActor(),
      containerId: String(containerId),
      action,
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
}

export async function changeHostnameAction(containerId: string, hostname: string) {
  return runAction(async () => {
    const task = await changeHostname({
      actor: await requireActor(),
      containerId: String(containerId),
      hostname: String(hostname ?? ""),
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

export async function reinstallAction(
  containerId: string,
  input: { templateId: string; confirmHostname: string; rootPassword: string },
) {
  return runAction(async () => {
    const res = await reinstallContainer({
      actor: await requireActor(),
      containerId: String(containerId),
      templateId: String(input?.templateId ?? ""),
      confirmHostname: String(input?.confirmHostname ?? ""),
      rootPassword: String(input?.rootPassword ?? ""),
      ip: await getRequestIp(),
    });
    return { taskId: res.task.id, generatedPassword: res.generatedPassword };
  });
}
