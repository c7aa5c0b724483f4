import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/** One template for its admin page: every node with whether it has the template, and the containers using it. */
export async function getTemplate(options: { actor: Actor; templateId: string }) {
  const { actor, templateId } = options;
  authorize(actor, "template.manage", { type: "template", id: templateId });
  const template = await db.osTemplate.findUnique({
    where: { id: templateId },
    select: {
      id: true,
      name: true,
      distro: true,
      version: true,
      arch: true,
      variant: true,
      format: true,
      sha256: true,
      sizeBytes: true,
      sourceUrl: true,
      storedPath: true,
      isEnabled: true,
      createdAt: true,
      nodes: { select: { nodeId: true, isPresent: true, updatedAt: true } },
      _count: { select: { containers: true } },
      containers: {
        take: 50,
        orderBy: [{ node: { name: "asc" } }, { ctid: "asc" }],
        select: { id: true, ctid: true, hostname: true, status: true, node: { select: { name: true } } },
      },
    },
  });
  if (!template) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  const allNodes = await db.node.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, status: true },
  });
  const presence = new Map(template.nodes.map((n) => [n.nodeId, n.isPresent]));
  const activeTransfers = await db.task.findMany({
    where: {
      type: "template.transfer",
      status: { in: ["QUEUED", "RUNNING"] },
      input: { contains: templateId },
    },
    select: { id: true, nodeId: true },
  });
  const { storedPath, nodes: _nodes, _count, ...rest } = template;
  return {
    ...rest,
    isInPanelStore: storedPath !== null,
    containerCount: _count.containers,
    nodes: allNodes.map((n) => ({
      ...n,
      isPresent: presence.get(n.id) === true,
      activeTaskId: activeTransfers.find((t) => t.nodeId === n.id)?.id ?? null,
    })),
  };
}
