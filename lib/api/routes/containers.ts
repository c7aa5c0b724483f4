import "server-only";
import { z } from "zod";
import { authorize, getTenantScope } from "../../auth/authorize";
import { changeContainerPlan } from "../../containers/change-container-plan";
import { changeHostname } from "../../containers/change-hostname";
import { createContainer } from "../../containers/create-container";
import { destroyContainer } from "../../containers/destroy-container";
import { getAuthorizedContainer } from "../../containers/get-container";
import { CONTAINER_STATUSES } from "../../containers/list-containers";
import { reinstallContainer } from "../../containers/reinstall-container";
import { requestPowerAction } from "../../containers/request-power-action";
import { resetRootPassword } from "../../containers/reset-root-password";
import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from "../cursor";
import { defineApiRoute } from "../define-api-route";
import { isAdminActor, loadContainerView, loadQueuedTask } from "../load-views";
import { CONTAINER_VIEW_SELECT, containerView, queuedTaskView, taskView, toContainerView } from "../views";

const tag = "Containers";
const containerParams = z.object({ containerId: z.string().min(1).max(64) });

export const listContainersRoute = defineApiRoute({
  method: "GET",
  path: "/containers",
  operationId: "listContainers",
  action: "container.list",
  summary: "List containers",
  description: "Admins see every tenant's containers; a customer sees their own tenant's.",
  tag,
  query: pageQuerySchema.extend({
    status: z.enum(CONTAINER_STATUSES).optional(),
    tenantId: z.string().max(64).optional().describe("Admins only: one tenant's containers."),
    nodeId: z.string().max(64).optional().describe("Admins only: one node's containers."),
    hostname: z.string().max(253).optional().describe("Exact host name."),
  }),
  response: pageSchema(containerView),
  async handler({ actor, query }) {
    authorize(actor, "container.list", null);
    const tenantScope = getTenantScope(actor);
    const after = decodeCursor(query.cursor);
    const where: Prisma.ContainerWhereInput = {
      ...(tenantScope ? { tenantId: tenantScope } : query.tenantId ? { tenantId: query.tenantId } : {}),
      ...(!tenantScope && query.nodeId ? { nodeId: query.nodeId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.hostname ? { hostname: query.hostname.toLowerCase() } : {}),
      ...(after ? { id: { gt: after } } : {}),
    };
    const rows = await db.container.findMany({
      where,
      orderBy: { id: "asc" },
      take: query.limit + 1,
      select: CONTAINER_VIEW_SELECT,
    });
    const page = toPage(rows, query.limit);
    const showNode = isAdminActor(actor);
    return { ...page, data: page.data.map((c) => toContainerView(c, { showNode })) };
  },
});

export const getContainerRoute = defineApiRoute({
  method: "GET",
  path: "/containers/{containerId}",
  operationId: "getContainer",
  action: "container.read",
  summary: "Get a container",
  tag,
  params: containerParams,
  response: containerView,
  handler: ({ actor, params }) => loadContainerView(actor, params.containerId),
});

export const createContainerBody = z
  .object({
    tenantId: z.string().min(1).max(64),
    planId: z.string().min(1).max(64),
    templateId: z.string().min(1).max(64),
    hostname: z.string().min(1).max(253),
    nodeId: z.string().max(64).default("auto").describe('A node id, or "auto" for the best fit.'),
    ipAddresses: z
      .array(z.string().max(64))
      .max(16)
      .default([])
      .describe("Chosen addresses; empty takes the first free one of a pool serving the node."),
    poolId: z.string().max(64).default("").describe("Take the free address from this pool."),
    rootPassword: z.string().max(256).default("").describe("Empty: one is generated and returned once."),
    nameservers: z.array(z.string().max(64)).max(4).default([]),
    start: z.boolean().default(true),
  })
  .meta({ id: "CreateContainer" });

export const createdContainerView = z
  .object({
    container: containerView,
    task: taskView,
    rootPassword: z
      .string()
      .nullable()
      .describe("The generated root password, shown this once; null if you chose one."),
  })
  .meta({ id: "CreatedContainer" });

/** The one call both POST /containers and POST /provision make. */
export async function createContainerForApi(
  actor: Parameters<typeof createContainer>[0]["actor"],
  body: z.output<typeof createContainerBody>,
  ip: string,
) {
  const created = await createContainer({
    actor,
    ip,
    input: {
      ...body,
      ipAddresses: body.ipAddresses.join(" "),
      nameservers: body.nameservers.join(" "),
    },
  });
  const [container, queued] = await Promise.all([
    loadContainerView(actor, created.container.id),
    loadQueuedTask(created.task.id),
  ]);
  return { container, task: queued.task, rootPassword: created.generatedPassword };
}

export const createContainerRoute = defineApiRoute({
  method: "POST",
  path: "/containers",
  operationId: "createContainer",
  action: "container.create",
  summary: "Create a container",
  description:
    "Places the container, gives it a CTID and addresses, and queues the task that makes it on the node. Send an Idempotency-Key to make a retry safe.",
  tag,
  body: createContainerBody,
  response: createdContainerView,
  status: 201,
  idempotent: true,
  handler: ({ actor, body, ip }) => createContainerForApi(actor, body, ip),
});

function powerRoute(action: "start" | "stop" | "restart") {
  return defineApiRoute({
    method: "POST",
    path: `/containers/{containerId}/${action}`,
    operationId: `${action}Container`,
    action: "container.operate",
    summary: `${action[0]?.toUpperCase()}${action.slice(1)} a container`,
    tag,
    params: containerParams,
    response: queuedTaskView,
    status: 202,
    idempotent: true,
    async handler({ actor, params, ip }) {
      const task = await requestPowerAction({ actor, containerId: params.containerId, action, ip });
      return loadQueuedTask(task.id);
    },
  });
}

export const startContainerRoute = powerRoute("start");
export const stopContainerRoute = powerRoute("stop");
export const restartContainerRoute = powerRoute("restart");

const passwordTaskView = z
  .object({
    task: taskView,
    rootPassword: z
      .string()
      .nullable()
      .describe("The generated root password, shown this once; null if you chose one."),
  })
  .meta({ id: "PasswordTask" });

export const reinstallContainerRoute = defineApiRoute({
  method: "POST",
  path: "/containers/{containerId}/reinstall",
  operationId: "reinstallContainer",
  action: "container.reinstall",
  summary: "Reinstall a container from a template (wipes its data)",
  tag,
  params: containerParams,
  body: z.object({
    templateId: z.string().min(1).max(64),
    confirmHostname: z.string().max(253).describe("The container's current host name, as a confirmation."),
    rootPassword: z.string().max(256).default(""),
  }),
  response: passwordTaskView,
  status: 202,
  idempotent: true,
  async handler({ actor, params, body, ip }) {
    const res = await reinstallContainer({ actor, containerId: params.containerId, ip, ...body });
    return { task: (await loadQueuedTask(res.task.id)).task, rootPassword: res.generatedPassword };
  },
});

export const setHostnameRoute = defineApiRoute({
  method: "POST",
  path: "/containers/{containerId}/hostname",
  operationId: "setContainerHostname",
  action: "container.set-hostname",
  summary: "Change a container's host name",
  tag,
  params: containerParams,
  body: z.object({ hostname: z.string().min(1).max(253) }),
  response: queuedTaskView,
  status: 202,
  idempotent: true,
  async handler({ actor, params, body, ip }) {
    const task = await changeHostname({
      actor,
      containerId: params.containerId,
      hostname: body.hostname,
      ip,
    });
    return loadQueuedTask(task.id);
  },
});

export const resetPasswordRoute = defineApiRoute({
  method: "POST",
  path: "/containers/{containerId}/root-password",
  operationId: "resetContainerRootPassword",
  action: "container.set-password",
  summary: "Set or generate a container's root password",
  tag,
  params: containerParams,
  body: z.object({ password: z.string().max(256).default("").describe("Empty: one is generated.") }),
  response: passwordTaskView,
  status: 202,
  idempotent: true,
  async handler({ actor, params, body, ip }) {
    const res = await resetRootPassword({
      actor,
      containerId: params.containerId,
      password: body.password,
      ip,
    });
    return { task: (await loadQueuedTask(res.task.id)).task, rootPassword: res.generatedPassword };
  },
});

export const changePlanRoute = defineApiRoute({
  method: "POST",
  path: "/containers/{containerId}/plan",
  operationId: "changeContainerPlan",
  action: "container.set-limits",
  summary: "Move a container to another plan (its limits follow)",
  tag,
  params: containerParams,
  body: z.object({ planId: z.string().min(1).max(64) }),
  response: queuedTaskView,
  status: 202,
  idempotent: true,
  async handler({ actor, params, body, ip }) {
    const task = await changeContainerPlan({
      actor,
      containerId: params.containerId,
      planId: body.planId,
      ip,
    });
    return loadQueuedTask(task.id);
  },
});

export const destroyContainerRoute = defineApiRoute({
  method: "DELETE",
  path: "/containers/{containerId}",
  operationId: "destroyContainer",
  action: "container.destroy",
  summary: "Destroy (terminate) a container",
  description: "Stops it, deletes it and its data on the node, and returns its addresses to their pools.",
  tag,
  params: containerParams,
  response: queuedTaskView,
  status: 202,
  async handler({ actor, params, ip }) {
    const c = await getAuthorizedContainer({
      actor,
      containerId: params.containerId,
      action: "container.destroy",
    });
    const task = await destroyContainer({ actor, containerId: c.id, confirmHostname: c.hostname, ip });
    return loadQueuedTask(task.id);
  },
});
