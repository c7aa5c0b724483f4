import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { getAuthorizedContainer } from "./get-container";

/** The templates this container may be reinstalled with: its tenant's allowed list, or every enabled one. */
export async function listReinstallTemplates(options: { actor: Actor; containerId: string }) {
  const c = await getAuthorizedContainer({ ...options, action: "container.read" });
  const allowed = await db.tenantTemplate.findMany({
    where: { tenantId: c.tenantId },
    select: { templateId: true },
  });
  return db.osTemplate.findMany({
    where: { isEnabled: true, ...(allowed.length ? { id: { in: allowed.map((a) => a.templateId) } } : {}) },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
