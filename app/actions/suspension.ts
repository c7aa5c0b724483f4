"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { setContainerSuspended } from "@/lib/containers/set-container-suspended";
import { runAction } from "@/lib/errors/action-result";
import { setTenantSuspended } from "@/lib/tenants/set-tenant-suspended";

export async function setTenantSuspendedAction(tenantId: string, suspended: boolean, reason: string) {
  const res = await runAction(async () => {
    const r = await setTenantSuspended({
      actor: await requireActor(),
      tenantId: String(tenantId),
      suspended: suspended === true,
      input: { reason: String(reason ?? "") },
      ip: await getRequestIp(),
    });
    return { queued: r.queued, busy: r.busy };
  });
  revalidatePath(`/admin/tenants/${tenantId}`);
  return res;
}

export async function setContainerSuspendedAction(containerId: string, suspended: boolean, reason: string) {
  const res = await runAction(async () => {
    const r = await setContainerSuspended({
      actor: await requireActor(),
      containerId: String(containerId),
      suspended: suspended === true,
      input: { reason: String(reason ?? "") },
      ip: await getRequestIp(),
    });
    return { queued: r.power === "queued" ? 1 : 0, busy: r.power === "busy" ? ["this container"] : [] };
  });
  revalidatePath(`/admin/containers/${containerId}`);
  return res;
}
