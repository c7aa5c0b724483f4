import "server-only";
import { z } from "zod";
import { getNodeSummary } from "../../nodes/get-node-summary";
import { listNodeSummaries } from "../../nodes/list-node-summaries";
import { defineApiRoute } from "../define-api-route";
import { nodeView, toNodeView } from "../views-admin";

const tag = "Nodes";

export const listNodesRoute = defineApiRoute({
  method: "GET",
  path: "/nodes",
  operationId: "listNodes",
  action: "node.read",
  summary: "List nodes with capacity and allocation",
  tag,
  response: z.object({ data: z.array(nodeView) }).meta({ id: "NodeList" }),
  async handler({ actor }) {
    return { data: (await listNodeSummaries({ actor })).map(toNodeView) };
  },
});

export const getNodeRoute = defineApiRoute({
  method: "GET",
  path: "/nodes/{nodeId}",
  operationId: "getNode",
  action: "node.read",
  summary: "Get a node",
  tag,
  params: z.object({ nodeId: z.string().min(1).max(64) }),
  response: nodeView,
  async handler({ actor, params }) {
    return toNodeView(await getNodeSummary({ actor, nodeId: params.nodeId }));
  },
});
