"use server";

import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { changeHostname } from "@/lib/containers/change-hostname";
import { reinstallContainer } from "@/lib/containers/reinstall-container";
import { type PowerAction, requestPowerAction } from "@/lib/containers/request-power-action";
import { resetRootPassword } from "@/lib/containers/reset-root-password";
import { runAction } from "@/lib/errors/action-result";
import { AppError } from "@/lib/errors/app-error";

// The customer's container actions. Each lib function authorizes on the container itself (another
// tenant's id answers NOT_FOUND) and refuses while the tenant or the container is suspended.

const POWER_ACTIONS: readonly string[] = ["start", "stop", "restart"] satisfies PowerAction[];

export async function powerServerAction(containerId: string, action: PowerAction) {
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

export async function changeServerHostnameAction(containerId: string, hostname: string) {
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

export async function resetServerPasswordAction(containerId: string, password: string) {
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

export async function reinstallServerAction(
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
