import "server-only";
import { z } from "zod";
import type { UserActor } from "../../auth/actor";
import { createTenant } from "../../tenants/create-tenant";
import { getTenant } from "../../tenants/get-tenant";
import { listTenantsPage } from "../../tenants/list-tenants-page";
import { updateTenant } from "../../tenants/update-tenant";
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from "../cursor";
import { defineApiRoute } from "../define-api-route";
import { tenantDetailView, tenantView, toTenantDetailView, toTenantView } from "../views-admin";

const tag = "Tenants";
const tenantParams = z.object({ tenantId: z.string().min(1).max(64) });

const cap = (what: string) =>
  z.int().min(0).max(2_147_483_647).nullable().describe(`${what}; null or absent is no cap.`);

export const tenantInputBody = z
  .object({
    name: z.string().min(2).max(100).describe("Letters, digits, spaces and . , & ' ( ) _ -"),
    maxContainers: cap("At most this many containers").optional(),
    maxRamMb: cap("Total RAM of its containers, MiB").optional(),
    maxDiskMb: cap("Total disk limits of its containers, MiB").optional(),
  })
  .meta({ id: "TenantInput" });

/** The tenant form's input from the API's JSON: a null cap is "no cap" (the form's empty field). */
export function toTenantInput(t: {
  name: string;
  maxContainers?: number | null;
  maxRamMb?: number | null;
  maxDiskMb?: number | null;
}) {
  return {
    name: t.name,
    maxContainers: t.maxContainers ?? undefined,
    maxRamMb: t.maxRamMb ?? undefined,
    maxDiskMb: t.maxDiskMb ?? undefined,
  };
}

export async function loadTenantDetail(actor: UserActor, tenantId: string) {
  return toTenantDetailView(await getTenant({ actor, tenantId }));
}

export const listTenantsRoute = defineApiRoute({
  method: "GET",
  path: "/tenants",
  operationId: "listTenants",
  action: "tenant.read",
  summary: "List tenants",
  tag,
  query: pageQuerySchema,
  response: pageSchema(tenantView),
  async handler({ actor, query }) {
    const rows = await listTenantsPage({ actor, after: decodeCursor(query.cursor), limit: query.limit });
    const page = toPage(rows, query.limit);
    return { ...page, data: page.data.map(toTenantView) };
  },
});

export const createTenantRoute = defineApiRoute({
  method: "POST",
  path: "/tenants",
  operationId: "createTenant",
  action: "tenant.manage",
  summary: "Create a tenant",
  tag,
  body: tenantInputBody,
  response: tenantDetailView,
  status: 201,
  idempotent: true,
  async handler({ actor, body, ip }) {
    const tenant = await createTenant({ actor, ip, input: toTenantInput(body) });
    return loadTenantDetail(actor, tenant.id);
  },
});

export const getTenantRoute = defineApiRoute({
  method: "GET",
  path: "/tenants/{tenantId}",
  operationId: "getTenant",
  action: "tenant.read",
  summary: "Get a tenant with its caps and allocation",
  tag,
  params: tenantParams,
  response: tenantDetailView,
  handler: ({ actor, params }) => loadTenantDetail(actor, params.tenantId),
});

export const updateTenantRoute = defineApiRoute({
  method: "PATCH",
  path: "/tenants/{tenantId}",
  operationId: "updateTenant",
  action: "tenant.manage",
  summary: "Rename a tenant or change its caps",
  description: "Fields left out keep their value; a cap set to null is removed.",
  tag,
  params: tenantParams,
  body: tenantInputBody.partial().meta({ id: "TenantPatch" }),
  response: tenantDetailView,
  async handler({ actor, params, body, ip }) {
    const current = await getTenant({ actor, tenantId: params.tenantId });
    const merged = {
      name: body.name ?? current.name,
      maxContainers: body.maxContainers === undefined ? current.maxContainers : body.maxContainers,
      maxRamMb: body.maxRamMb === undefined ? current.maxRamMb : body.maxRamMb,
      maxDiskMb: body.maxDiskMb === undefined ? current.maxDiskMb : body.maxDiskMb,
    };
    await updateTenant({ actor, tenantId: params.tenantId, ip, input: toTenantInput(merged) });
    return loadTenantDetail(actor, params.tenantId);
  },
});
