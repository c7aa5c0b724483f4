import { z } from "zod";
import { createContainerSchema } from "../containers/schemas";
import { createTenantSchema } from "../tenants/schemas";
import { customerUserSchema } from "../users/customer-user-schema";

/** One billing order: a new tenant, its first customer user, and its first container. */
export const provisionCustomerSchema = z.object({
  tenant: createTenantSchema,
  user: customerUserSchema,
  container: createContainerSchema.omit({ tenantId: true }),
});

export type ProvisionCustomerInput = z.input<typeof provisionCustomerSchema>;
