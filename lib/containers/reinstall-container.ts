import "server-only";
import type { Actor } from "../auth/actor";
import { generatePassword } from "../auth/password";
import { sealSecret } from "../auth/secret-box";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedContainer } from "./get-container";
import { assertRootPassword } from "./root-password-rules";

/**
 * Queues a reinstall: the container's disk is wiped and made again from a template, keeping its CTID,
 * host name, IP addresses and limits. Typed confirmation (the host name), as for destroy. A customer may
 * choose among the templates the admin allowed their tenant (all enabled ones when none is listed).
 */
export async function reinstallContainer(options: {
  actor: Actor;
  containerId: string;
  templateId: string;
  confirmHostname: string;
  rootPassword?: string;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.reinstall",
  });
  if (c.isSuspended) throw new AppError("CONFLICT", "This container is suspended by the administrator.");
  if (options.confirmHostname.trim().toLowerCase() !== c.hostname) {
    throw new AppError(
      "VALIDATION",
      `Type the container's host name (${c.hostname}) to confirm: reinstalling wipes its data.`,
      {
        field: "confirmHostname",
      },
    );
  }
  const allowed = await db.tenantTemplate.findMany({
    where: { tenantId: c.tenantId },
    select: { templateId: true },
  });
  const template = await db.osTemplate.findUnique({
    where: { id: options.templateId },
    select: { id: true, name: true, isEnabled: true },
  });
  const isAllowed = allowed.length === 0 || allowed.some((a) => a.templateId === options.templateId);
  if (!template?.isEnabled || !isAllowed) {
    throw new AppError("VALIDATION", "Choose one of the offered templates.", { field: "templateId" });
  }
  const isGenerated = !options.rootPassword;
  const password = isGenerated ? generatePassword() : (options.rootPassword as string);
  if (!isGenerated) assertRootPassword(password, { hostname: c.hostname, field: "rootPassword" });
  const task = await db.$transaction(async (tx) => {
    const queued = await enqueueTask({
      tx,
      actor: options.actor,
      type: "container.reinstall",
      containerId: c.id,
      nodeId: c.nodeId,
      tenantId: c.tenantId,
      ip: options.ip,
      input: {
        ctid: c.ctid,
        hostname: c.hostname,
        template: template.name,
        templateId: template.id,
        rootPasswordSealed: sealSecret(password),
      },
    });
    await tx.container.update({
      where: { id: c.id },
      data: { templateId: template.id, status: "CREATING" },
      select: { id: true },
    });
    return queued;
  });
  return { task, generatedPassword: isGenerated ? password : null };
}
