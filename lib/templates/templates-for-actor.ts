import "server-only";
import type { Actor } from "../auth/actor";
import { getTenantScope } from "../auth/authorize";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

/**
 * The templates an actor may see in the catalogue: every template for an admin; for a customer the enabled
 * templates their tenant may use (its TenantTemplate rows, or every enabled template when it has none),
 * the same rule as reinstalling (lib/containers/list-reinstall-templates.ts).
 */
export async function templatesForActor(actor: Actor): Promise<Prisma.OsTemplateWhereInput> {
  const tenantId = getTenantScope(actor);
  if (tenantId === null) return {};
  const allowed = await db.tenantTemplate.findMany({ where: { tenantId }, select: { templateId: true } });
  return { isEnabled: true, ...(allowed.length ? { id: { in: allowed.map((a) => a.templateId) } } : {}) };
}
