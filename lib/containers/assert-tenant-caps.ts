import "server-only";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";

/**
 * A new container (create, restore as a new container) must fit the tenant's caps: container count, RAM and
 * disk. Call inside the transaction that inserts it, after locking the tenant row, so concurrent creates for
 * one tenant check one after another.
 */
export async function assertTenantCaps(
  tx: Prisma.TransactionClient,
  tenant: {
    id: string;
    name: string;
    maxContainers: number | null;
    maxRamMb: number | null;
    maxDiskMb: number | null;
  },
  ramMb: number,
  diskMb: number,
): Promise<void> {
  if (tenant.maxContainers === null && tenant.maxRamMb === null && tenant.maxDiskMb === null) return;
  const usage = await tx.container.aggregate({
    where: { tenantId: tenant.id },
    _count: true,
    _sum: { ramMb: true, diskspaceLimitMb: true },
  });
  if (tenant.maxContainers !== null && usage._count + 1 > tenant.maxContainers) {
    throw new AppError(
      "VALIDATION",
      `Tenant ${tenant.name} may have at most ${tenant.maxContainers} containers. Raise its cap or destroy one.`,
      {
        field: "tenantId",
        reason: "tenant-cap",
      },
    );
  }
  if (tenant.maxRamMb !== null && (usage._sum.ramMb ?? 0) + ramMb > tenant.maxRamMb) {
    throw new AppError(
      "VALIDATION",
      `Tenant ${tenant.name} would exceed its RAM cap of ${tenant.maxRamMb} MiB. Choose a smaller plan or raise the cap.`,
      {
        field: "planId",
        reason: "tenant-cap",
      },
    );
  }
  if (tenant.maxDiskMb !== null && (usage._sum.diskspaceLimitMb ?? 0) + diskMb > tenant.maxDiskMb) {
    throw new AppError(
      "VALIDATION",
      `Tenant ${tenant.name} would exceed its disk cap of ${tenant.maxDiskMb} MiB. Choose a smaller plan or raise the cap.`,
      {
        field: "planId",
        reason: "tenant-cap",
      },
    );
  }
}
