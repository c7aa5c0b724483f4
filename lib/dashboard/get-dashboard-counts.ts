import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

export type DashboardCounts = {
  nodes: number;
  nodesOnline: number;
  containers: number;
  containersRunning: number;
  tenants: number;
  customers: number;
  templates: number;
  plans: number;
  ipAddresses: number;
  ipFree: number;
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
    ipAddresses,
    ipFree,
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
    db.ipAddress.count(),
    db.ipAddress.count({ where: { containerId: null, isReserved: false } }),
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
    ipAddresses,
    ipFree,
    tasksActive,
    tasksFailed24h,
  };
}
