import "server-only";
import type { Actor } from "../auth/actor";
import { authorize, getTenantScope } from "../auth/authorize";
import { db } from "../db";
import { CATALOGUE_TEMPLATE_SELECT } from "./catalogue-template-select";
import { templatesForActor } from "./templates-for-actor";

/**
 * The template catalogue as the actor may see it: admins every template with its state, the nodes that
 * have it and how many containers use it; a customer the enabled templates their tenant may use, without
 * node or usage information (null).
 */
export async function listCatalogueTemplates(options: { actor: Actor }) {
  const { actor } = options;
  authorize(actor, "template.read", null);
  const isAdmin = getTenantScope(actor) === null;
  const rows = await db.osTemplate.findMany({
    where: await templatesForActor(actor),
    orderBy: { name: "asc" },
    select: {
      ...CATALOGUE_TEMPLATE_SELECT,
      nodes: { where: { isPresent: true }, select: { node: { select: { id: true, name: true } } } },
      _count: { select: { containers: true } },
    },
  });
  return rows.map(({ nodes, _count, ...t }) => ({
    ...t,
    nodes: isAdmin ? nodes.map((n) => n.node).sort((a, b) => a.name.localeCompare(b.name)) : null,
    containerCount: isAdmin ? _count.containers : null,
  }));
}
