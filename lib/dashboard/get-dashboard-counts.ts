import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { getIpAddressTotals } from "../ip-pools/get-ip-address-totals";

export type DashboardCounts = {
  nodes: number;
  nodesOnline: number;
  containers: number;
  containersRunning: number;
  tenants: number;
  customers: number;
  templates: number;
  plans: number;
  ipPools: number;
  /** Allocated to containers. */
  ipAddresses: number;
  /** Free across all pools (from the CIDR sizes; an IPv6 /64 is huge, hence a string). */
  ipFree: string;
  tasksActive: number;
  tasksFailed24h: number;
};

/** Real counts from the database for the admin dashboard. */
export async function getDashboardCounts(options: { actor: Actor }): Promise<DashboardCounts> {
  authorize(options.actor, "dashboard.admin", null);
  const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const [
    nodes,
    nodesOnline,
    containers,
    containersRunning,
    tenants,
    customers,
    templates,
    plans,
    ipTotals,
    tasksActive,
    tasksFailed24h,
  ] = await Promise.all([
    db.node.count(),
    db.node.count({ where: { status: "ONLINE" } }),
    db.container.count(),
    db.container.count({ where: { status: "RUNNING" } }),
    db.tenant.count(),
    db.user.count({ where: { role: "CUSTOMER" } }),
    db.osTemplate.count(),
    db.plan.count(),
    getIpAddressTotals({ actor: options.actor }),
    db.task.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } }),
    db.task.count({ where: { status: "FAILED", finishedAt: { gte: dayAgo } } }),
  ]);
  return {
    nodes,
    nodesOnline,
    containers,
    containersRunning,
    tenants,
    customers,
    templates,
    plans,
    ipPools: ipTotals.pools,
    ipAddresses: ipTotals.used,
    ipFree: ipTotals.free.toLocaleString("en"),
    tasksActive,
    tasksFailed24h,
  };
}
