import "server-only";
import { z } from "zod";
import { createUser } from "../../users/create-user";
import { getUser } from "../../users/get-user";
import { listUsersPage } from "../../users/list-users-page";
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from "../cursor";
import { defineApiRoute } from "../define-api-route";
import { createdUserView, toUserView, userView } from "../views-admin";

const tag = "Users";

export const listUsersRoute = defineApiRoute({
  method: "GET",
  path: "/users",
  operationId: "listUsers",
  action: "user.manage",
  summary: "List users (admins and customers)",
  tag,
  query: pageQuerySchema.extend({
    tenantId: z.string().max(64).optional().describe("Only this tenant's customers."),
  }),
  response: pageSchema(userView),
  async handler({ actor, query }) {
    const rows = await listUsersPage({
      actor,
      tenantId: query.tenantId,
      after: decodeCursor(query.cursor),
      limit: query.limit,
    });
    const page = toPage(rows, query.limit);
    return { ...page, data: page.data.map(toUserView) };
  },
});

export const createUserRoute = defineApiRoute({
  method: "POST",
  path: "/users",
  operationId: "createUser",
  action: "user.manage",
  summary: "Create an admin or a customer user",
  description: "Leave password out to have one generated; it is returned this once.",
  tag,
  body: z
    .object({
      email: z.string().max(254),
      name: z.string().min(1).max(100),
      role: z.enum(["ADMIN", "CUSTOMER"]),
      tenantId: z.string().max(64).optional().describe("Required for a customer."),
      password: z.string().max(256).optional().describe("At least 12 characters; absent: generated."),
    })
    .meta({ id: "CreateUser" }),
  response: createdUserView,
  status: 201,
  idempotent: true,
  async handler({ actor, body, ip }) {
    const created = await createUser({
      actor,
      ip,
      input: { ...body, tenantId: body.tenantId ?? "", password: body.password ?? "" },
    });
    const user = await getUser({ actor, userId: created.user.id });
    return { user: toUserView(user), password: created.generatedPassword };
  },
});

export const getUserRoute = defineApiRoute({
  method: "GET",
  path: "/users/{userId}",
  operationId: "getUser",
  action: "user.manage",
  summary: "Get a user",
  tag,
  params: z.object({ userId: z.string().min(1).max(64) }),
  response: userView,
  async handler({ actor, params }) {
    return toUserView(await getUser({ actor, userId: params.userId }));
  },
});
