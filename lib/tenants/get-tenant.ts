import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

export async function getTenant(options: { actor: Actor; tenantId: string }) {
  authorize(options.actor, "tenant.read", { type: "tenant", id: options.tenantId });
  const tenant = await db.tenant.findUnique({
    where: { id: options.tenantId },
    select: {
      id: true,
      name: true,
      status: true,
      suspendedReason: true,
      maxContainers: true,
      maxRamMb: true,
      maxDiskMb: true,
      createdAt: true,
      users: {
        orderBy: { email: "asc" },
        select: {
          id: true,
          email: true,
          name: true,
          isDisabled: true,
          lastLoginAt: true,
          totpEnabledAt: true,
        },
      },
      containers: {
        orderBy: { ctid: "asc" },
        select: {
          id: true,
          ctid: true,
          hostname: true,
          status: true,
          ramMb: true,
          diskspaceLimitMb: true,
          node: { select: { name: true } },
        },
      },
    },
  });
  if (!tenant) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const usage = tenant.containers.reduce(
    (u, c) => ({ ramMb: u.ramMb + c.ramMb, diskMb: u.diskMb + c.diskspaceLimitMb }),
    { ramMb: 0, diskMb: 0 },
  );
  return { ...tenant, usage };
}
