import "server-only";
import { z } from "zod";
import { API_TOKEN_SCOPES } from "../../api-tokens/schemas";
import { defineApiRoute } from "../define-api-route";

export const getMeRoute = defineApiRoute({
  method: "GET",
  path: "/me",
  operationId: "getMe",
  action: "user.read",
  summary: "Who this token acts as, and what it may do",
  tag: "Account",
  response: z
    .object({
      userId: z.string(),
      email: z.string(),
      role: z.enum(["ADMIN", "CUSTOMER"]),
      tenantId: z.string().nullable(),
      tenantSuspended: z.boolean(),
      scopes: z.array(z.enum(API_TOKEN_SCOPES)),
    })
    .meta({ id: "Me" }),
  async handler({ actor }) {
    return {
      userId: actor.userId,
      email: actor.email,
      role: actor.role,
      tenantId: actor.tenantId,
      tenantSuspended: actor.tenantSuspended ?? false,
      scopes: actor.tokenScopes ?? [],
    };
  },
});
