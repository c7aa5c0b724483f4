import "server-only";
import { z } from "zod";
import { setContainerSuspended } from "../../containers/set-container-suspended";
import { setTenantSuspended } from "../../tenants/set-tenant-suspended";
import { defineApiRoute } from "../define-api-route";

const reasonBody = z.object({
  reason: z.string().max(200).default("").describe('Shown to the customer, e.g. "invoice 1042 unpaid".'),
});

const tenantSuspension = z
  .object({
    status: z.enum(["ACTIVE", "SUSPENDED"]),
    queued: z.int().describe("Containers whose stop (or start) was queued."),
    busy: z
      .array(z.string())
      .describe("Host names busy with another task; the node poller stops them later."),
  })
  .meta({ id: "TenantSuspension" });

function tenantRoute(suspended: boolean) {
  const verb = suspended ? "suspend" : "unsuspend";
  return defineApiRoute({
    method: "POST",
    path: `/tenants/{tenantId}/${verb}`,
    operationId: `${verb}Tenant`,
    summary: suspended
      ? "Suspend a tenant: its customers may sign in and read, nothing else; its containers are stopped"
      : "Lift a tenant's suspension: containers that start on boot are started again",
    tag: "Provisioning",
    action: "tenant.manage",
    params: z.object({ tenantId: z.string().min(1).max(64) }),
    ...(suspended ? { body: reasonBody } : {}),
    response: tenantSuspension,
    idempotent: true,
    handler: ({ actor, params, body, ip }) =>
      setTenantSuspended({ actor, tenantId: params.tenantId, suspended, input: body ?? {}, ip }),
  });
}

const containerSuspension = z
  .object({
    isSuspended: z.boolean(),
    power: z.enum(["queued", "busy", "none"]).describe("Whether a stop (or start) task was queued."),
  })
  .meta({ id: "ContainerSuspension" });

function containerRoute(suspended: boolean) {
  const verb = suspended ? "suspend" : "unsuspend";
  return defineApiRoute({
    method: "POST",
    path: `/containers/{containerId}/${verb}`,
    operationId: `${verb}Container`,
    summary: suspended
      ? "Suspend one container: stopped, and its customer's actions refused"
      : "Lift a container's suspension: started again if it starts on boot",
    tag: "Provisioning",
    action: "container.suspend",
    params: z.object({ containerId: z.string().min(1).max(64) }),
    ...(suspended ? { body: reasonBody } : {}),
    response: containerSuspension,
    idempotent: true,
    handler: ({ actor, params, body, ip }) =>
      setContainerSuspended({ actor, containerId: params.containerId, suspended, input: body ?? {}, ip }),
  });
}

export const suspendTenantRoute = tenantRoute(true);
export const unsuspendTenantRoute = tenantRoute(false);
export const suspendContainerRoute = containerRoute(true);
export const unsuspendContainerRoute = containerRoute(false);
