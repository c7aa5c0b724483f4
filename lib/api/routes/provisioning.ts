import "server-only";
import { z } from "zod";
import { provisionCustomer } from "../../provisioning/provision-customer";
import { defineApiRoute } from "../define-api-route";
import { loadContainerView, loadQueuedTask } from "../load-views";
import { containerView, taskView } from "../views";
import { tenantDetailView, toUserView, userView } from "../views-admin";
import { createContainerBody } from "./containers";
import { loadTenantDetail, tenantInputBody, toTenantInput } from "./tenants";

export const provisionCustomerRoute = defineApiRoute({
  method: "POST",
  path: "/provision",
  operationId: "provisionCustomer",
  action: "container.create",
  summary: "Create a tenant, its customer user and its first container in one call",
  description:
    'For billing systems: one order, one call. Needs the "provision" scope (tenant.manage and container.create). Everything checkable is checked before anything is made; if a later step fails, the tenant and user made are removed again, so a retry starts clean. Errors name the field as tenant.name, user.email, container.planId... Send an Idempotency-Key to make a retry after a timeout safe.',
  tag: "Provisioning",
  body: z
    .object({
      tenant: tenantInputBody,
      user: z.object({
        email: z.string().max(254),
        name: z.string().min(1).max(100),
        password: z.string().max(256).optional().describe("At least 12 characters; absent: generated."),
      }),
      container: createContainerBody.omit({ tenantId: true }),
    })
    .meta({ id: "ProvisionCustomer" }),
  response: z
    .object({
      tenant: tenantDetailView,
      user: userView,
      userPassword: z
        .string()
        .nullable()
        .describe("The customer's generated sign-in password, shown this once; null if you chose one."),
      container: containerView,
      task: taskView,
      rootPassword: z
        .string()
        .nullable()
        .describe("The container's generated root password, shown this once; null if you chose one."),
    })
    .meta({ id: "ProvisionedCustomer" }),
  status: 201,
  idempotent: true,
  async handler({ actor, body, ip }) {
    const { container } = body;
    const done = await provisionCustomer({
      actor,
      ip,
      input: {
        tenant: toTenantInput(body.tenant),
        user: { ...body.user, password: body.user.password ?? "" },
        container: {
          ...container,
          ipAddresses: container.ipAddresses.join(" "),
          nameservers: container.nameservers.join(" "),
        },
      },
    });
    const [tenant, containerRow, queued] = await Promise.all([
      loadTenantDetail(actor, done.tenant.id),
      loadContainerView(actor, done.container.id),
      loadQueuedTask(done.task.id),
    ]);
    return {
      tenant,
      user: toUserView(done.user),
      userPassword: done.userPassword,
      container: containerRow,
      task: queued.task,
      rootPassword: done.rootPassword,
    };
  },
});
