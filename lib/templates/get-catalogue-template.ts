import "server-only";
import type { Actor } from "../auth/actor";
import { authorize, getTenantScope } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { CATALOGUE_TEMPLATE_SELECT } from "./catalogue-template-select";
import { templatesForActor } from "./templates-for-actor";

/**
 * One catalogue template. A template a customer may not use (disabled, or not allowed for their tenant)
 * answers exactly like a missing id.
 */
export async function getCatalogueTemplate(options: { actor: Actor; templateId: string }) {
  const { actor, templateId } = options;
  authorize(actor, "template.read", { type: "template", id: templateId });
  const isAdmin = getTenantScope(actor) === null;
  const row = await db.osTemplate.findFirst({
    where: { AND: [{ id: templateId }, await templatesForActor(actor)] },
    select: {
      ...CATALOGUE_TEMPLATE_SELECT,
      nodes: { where: { isPresent: true }, select: { node: { select: { id: true, name: true } } } },
      _count: { select: { containers: true } },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const { nodes, _count, ...t } = row;
  return {
    ...t,
    nodes: isAdmin ? nodes.map((n) => n.node).sort((a, b) => a.name.localeCompare(b.name)) : null,
    containerCount: isAdmin ? _count.containers : null,
  };
}
