import "server-only";
import fs from "node:fs/promises";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { resolveStoredTemplate } from "./template-store";

/**
 * Deletes a template no container uses, and the panel's copy of its file. A template in use is refused,
 * naming a few of its containers. Copies in nodes' caches stay there (containers already made from them
 * do not need them; an admin may import them again).
 */
export async function deleteTemplate(options: { actor: Actor; templateId: string; ip?: string }) {
  const { actor } = options;
  authorize(actor, "template.manage", { type: "template", id: options.templateId });
  const deleted = await db.$transaction(async (tx) => {
    const template = await tx.osTemplate.findUnique({
      where: { id: options.templateId },
      select: {
        id: true,
        name: true,
        storedPath: true,
        _count: { select: { containers: true } },
        containers: {
          take: 3,
          orderBy: { ctid: "asc" },
          select: { ctid: true, hostname: true, node: { select: { name: true } } },
        },
      },
    });
    if (!template)
      throw new AppError("NOT_FOUND", "That template no longer exists. Go back to the list of templates.");
    if (template._count.containers > 0)
      throw inUse(template.name, template._count.containers, template.containers);
    // The condition sits in the delete itself: a container given this template since the read above would
    // otherwise be left with no template (Container.template is set null on delete).
    const res = await tx.osTemplate.deleteMany({ where: { id: template.id, containers: { none: {} } } });
    if (res.count !== 1) throw inUse(template.name, 1, []);
    await recordAuditEvent({
      tx,
      actor,
      action: "template.delete",
      result: "success",
      targetType: "template",
      targetId: template.id,
      ip: options.ip,
      details: { name: template.name },
    });
    return template;
  });
  // The file goes after the row: a crash in between leaves an orphan file, never a row without its file.
  const file = resolveStoredTemplate(deleted.storedPath);
  if (file) await fs.rm(file, { force: true });
  return { id: deleted.id, name: deleted.name };
}

function inUse(
  name: string,
  count: number,
  examples: { ctid: number; hostname: string; node: { name: string } }[],
): AppError {
  const list = examples.map((c) => `CTID ${c.ctid} ${c.hostname} on ${c.node.name}`).join(", ");
  const more = count > examples.length && examples.length > 0 ? ", …" : "";
  return new AppError(
    "CONFLICT",
    `Template ${name} is used by ${count} container${count === 1 ? "" : "s"}${list ? ` (${list}${more})` : ""}. Reinstall or destroy them first, or disable the template so no new container uses it.`,
    { reason: "template-in-use" },
  );
}
