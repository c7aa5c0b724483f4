import "server-only";
import { hostnameSchema } from "@/agent/protocol";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedContainer } from "./get-container";

/** Queues a host name change (/etc/hostname and /etc/hosts inside, saved). Unique per tenant. */
export async function changeHostname(options: {
  actor: Actor;
  containerId: string;
  hostname: string;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.set-hostname",
  });
  if (c.isSuspended) throw new AppError("CONFLICT", "This container is suspended by the administrator.");
  const hostname = options.hostname.trim().toLowerCase().replace(/\.$/, "");
  if (!hostnameSchema.safeParse(hostname).success || hostname === "") {
    throw new AppError(
      "VALIDATION",
      "Use a host name of letters, digits, hyphens and dots, e.g. web1.example.com.",
      { field: "hostname" },
    );
  }
  const clash = await db.container.findFirst({
    where: { tenantId: c.tenantId, hostname, id: { not: c.id } },
    select: { id: true },
  });
  if (clash)
    throw new AppError("CONFLICT", `Another container of this tenant is named ${hostname}.`, {
      field: "hostname",
    });
  return enqueueTask({
    actor: options.actor,
    type: "container.set-hostname",
    containerId: c.id,
    nodeId: c.nodeId,
    tenantId: c.tenantId,
    ip: options.ip,
    input: { ctid: c.ctid, hostname },
  });
}
