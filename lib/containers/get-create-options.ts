import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/** The choices of the create-container form: tenants, nodes, templates, plans and IP pools. */
export async function getCreateContainerOptions(options: { actor: Actor }) {
  authorize(options.actor, "container.create", null);
  const [tenants, nodes, templates, plans, pools] = await Promise.all([
    db.tenant.findMany({
      where: { status: "ACTIVE" },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
    db.node.findMany({
      where: { publicKey: { not: null } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, status: true, isDisabled: true },
    }),
    db.osTemplate.findMany({
      where: { isEnabled: true },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
    db.plan.findMany({
      orderBy: { name: "asc" },
      select: { id: true, name: true, ramMb: true, diskspaceMb: true },
    }),
    db.ipPool.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, cidr: true } }),
  ]);
  return { tenants, nodes, templates, plans, pools };
}
