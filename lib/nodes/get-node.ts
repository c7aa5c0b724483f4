import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";

export async function getNode(options: { actor: Actor; nodeId: string }) {
  authorize(options.actor, "node.read", { type: "node", id: options.nodeId });
  const node = await db.node.findUnique({
    where: { id: options.nodeId },
    select: {
      id: true,
      name: true,
      status: true,
      isDisabled: true,
      agentUrl: true,
      agentKeyId: true,
      tlsFingerprint: true,
      hostname: true,
      kernel: true,
      lxcVersion: true,
      agentVersion: true,
      cpus: true,
      memoryMb: true,
      diskMb: true,
      diskFreeMb: true,
      checkpointError: true,
      lastSeenAt: true,
      lastError: true,
      joinTokenExpiresAt: true,
      createdAt: true,
      containers: {
        orderBy: { ctid: "asc" },
        select: {
          id: true,
          ctid: true,
          hostname: true,
          status: true,
          ramMb: true,
          tenant: { select: { name: true } },
        },
      },
      templates: { select: { isPresent: true, template: { select: { id: true, name: true } } } },
    },
  });
  if (!node) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  return node;
}
