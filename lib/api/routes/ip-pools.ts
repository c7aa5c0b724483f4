import "server-only";
import { z } from "zod";
import { getIpPool } from "../../ip-pools/get-ip-pool";
import { listIpPools } from "../../ip-pools/list-ip-pools";
import { listPoolAddresses } from "../../ip-pools/list-pool-addresses";
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from "../cursor";
import { defineApiRoute } from "../define-api-route";
import { ipAddressView, ipPoolDetailView, ipPoolView, toIpAddressView, toIpPoolView } from "../views-admin";

const tag = "IP pools";
const poolParams = z.object({ poolId: z.string().min(1).max(64) });

export const listIpPoolsRoute = defineApiRoute({
  method: "GET",
  path: "/ip-pools",
  operationId: "listIpPools",
  action: "ip-pool.read",
  summary: "List IP pools with usage counts",
  tag,
  response: z.object({ data: z.array(ipPoolView) }).meta({ id: "IpPoolList" }),
  async handler({ actor }) {
    return { data: (await listIpPools({ actor })).map(toIpPoolView) };
  },
});

export const getIpPoolRoute = defineApiRoute({
  method: "GET",
  path: "/ip-pools/{poolId}",
  operationId: "getIpPool",
  action: "ip-pool.read",
  summary: "Get an IP pool with usage counts",
  tag,
  params: poolParams,
  response: ipPoolDetailView,
  async handler({ actor, params }) {
    const pool = await getIpPool({ actor, poolId: params.poolId });
    return {
      ...toIpPoolView(pool),
      nameservers: pool.nameservers.split(/\s+/).filter(Boolean),
      createdAt: pool.createdAt.toISOString(),
    };
  },
});

export const listIpPoolAddressesRoute = defineApiRoute({
  method: "GET",
  path: "/ip-pools/{poolId}/addresses",
  operationId: "listIpPoolAddresses",
  action: "ip-pool.read",
  summary: "List a pool's allocated and reserved addresses",
  description: "Free addresses have no entry; the pool's usage counts them.",
  tag,
  params: poolParams,
  query: pageQuerySchema,
  response: pageSchema(ipAddressView),
  async handler({ actor, params, query }) {
    const rows = await listPoolAddresses({
      actor,
      poolId: params.poolId,
      after: decodeCursor(query.cursor),
      limit: query.limit,
    });
    const page = toPage(rows, query.limit);
    return { ...page, data: page.data.map(toIpAddressView) };
  },
});
