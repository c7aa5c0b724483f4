import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { type Action, PERMISSIONS } from "../auth/permissions";
import { db } from "../db";
import { AppError } from "../errors/app-error";

const NOT_FOUND = "Not found. Check the address, or go back to the list.";

/**
 * Loads the container an action is about and authorizes `action` on it. A missing id and another
 * tenant's id give the same NOT_FOUND (the row is read first, then authorized, and both fail alike).
 */
export async function getAuthorizedContainer(options: { actor: Actor; containerId: string; action: Action }) {
  const row = await db.container.findUnique({
    where: { id: options.containerId },
    select: {
      id: true,
      tenantId: true,
      nodeId: true,
      ctid: true,
      hostname: true,
      status: true,
      isSuspended: true,
    },
  });
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  authorize(options.actor, options.action, { type: "container", id: row.id, tenantId: row.tenantId });
  const { actor } = options;
  // A container suspended by the provider: its customer may look, not act (admins still manage it).
  if (
    row.isSuspended &&
    actor.kind === "user" &&
    actor.role !== "ADMIN" &&
    PERMISSIONS[options.action].scope !== "read"
  )
    throw new AppError(
      "FORBIDDEN",
      "This server is suspended by your provider: it is stopped and actions are disabled until the suspension is lifted. Contact your provider.",
      { reason: "container-suspended" },
    );
  return row;
}

/** Everything the container page shows. */
export async function getContainer(options: { actor: Actor; containerId: string }) {
  await getAuthorizedContainer({ ...options, action: "container.read" });
  const c = await db.container.findUnique({
    where: { id: options.containerId },
    select: {
      id: true,
      ctid: true,
      hostname: true,
      name: true,
      description: true,
      status: true,
      hasDrift: true,
      isSuspended: true,
      onboot: true,
      ramMb: true,
      swapMb: true,
      numproc: true,
      cpuunits: true,
      cpulimit: true,
      cpus: true,
      diskspaceMb: true,
      diskspaceLimitMb: true,
      diskinodes: true,
      diskinodesLimit: true,
      numpty: true,
      numfile: true,
      bandwidthMbit: true,
      nameservers: true,
      startedAt: true,
      lastSyncedAt: true,
      createdAt: true,
      node: { select: { id: true, name: true, status: true } },
      tenant: { select: { id: true, name: true } },
      plan: { select: { id: true, name: true } },
      template: { select: { id: true, name: true } },
      ipAddresses: {
        select: { address: true, pool: { select: { name: true } } },
        orderBy: { address: "asc" },
      },
      tasks: {
        orderBy: { createdAt: "desc" },
        take: 20,
        select: {
          id: true,
          type: true,
          status: true,
          progress: true,
          phase: true,
          error: true,
          actorLabel: true,
          createdAt: true,
          finishedAt: true,
        },
      },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", NOT_FOUND);
  return c;
}
