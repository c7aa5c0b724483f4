"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { deleteTemplate } from "@/lib/templates/delete-template";
import { importNodeTemplates } from "@/lib/templates/import-node-templates";
import { requestTemplateBuild } from "@/lib/templates/request-template-build";
import { requestTemplateFetch } from "@/lib/templates/request-template-fetch";
import { requestTemplateTransfer } from "@/lib/templates/request-template-transfer";
import { setTemplateEnabled } from "@/lib/templates/set-template-enabled";

// Server actions take anything a client sends: ids are forced to strings, the rest is parsed by lib/.
// Uploads do not come through here (a server action buffers its body): see app/api/templates/upload.

export async function fetchTemplateAction(input: Record<string, string>) {
  return runAction(async () => {
    const task = await requestTemplateFetch({ actor: await requireActor(), input, ip: await getRequestIp() });
    return { taskId: task.id };
  });
}

export async function buildTemplateAction(input: Record<string, string>) {
  return runAction(async () => {
    const task = await requestTemplateBuild({ actor: await requireActor(), input, ip: await getRequestIp() });
    return { taskId: task.id };
  });
}

export async function importNodeTemplatesAction(input: { nodeId: string }) {
  const res = await runAction(async () =>
    importNodeTemplates({
      actor: await requireActor(),
      nodeId: String(input?.nodeId ?? ""),
      ip: await getRequestIp(),
    }),
  );
  if (res.ok) revalidatePath("/admin/templates");
  return res;
}

export async function transferTemplateAction(templateId: string, nodeId: string) {
  const res = await runAction(async () => {
    const task = await requestTemplateTransfer({
      actor: await requireActor(),
      templateId: String(templateId),
      input: { nodeId: String(nodeId) },
      ip: await getRequestIp(),
    });
    return { taskId: task.id };
  });
  if (res.ok) revalidatePath(`/admin/templates/${encodeURIComponent(String(templateId))}`);
  return res;
}

export async function setTemplateEnabledAction(templateId: string, isEnabled: boolean) {
  const res = await runAction(async () =>
    setTemplateEnabled({
      actor: await requireActor(),
      templateId: String(templateId),
      isEnabled: isEnabled === true,
      ip: await getRequestIp(),
    }),
  );
  if (res.ok) revalidatePath("/admin/templates", "layout");
  return res;
}

export async function deleteTemplateAction(templateId: string) {
  const res = await runAction(async () =>
    deleteTemplate({ actor: await requireActor(), templateId: String(templateId), ip: await getRequestIp() }),
  );
  if (res.ok) revalidatePath("/admin/templates");
  return res;
}
