import "server-only";
import type { Actor } from "../auth/actor";
import { generatePassword } from "../auth/password";
import { sealSecret } from "../auth/secret-box";
import { AppError } from "../errors/app-error";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedContainer } from "./get-container";
import { assertRootPassword } from "./root-password-rules";

/**
 * Queues a new root password (chpasswd on stdin inside the container). Empty: one is generated and
 * returned once. The task carries it sealed and forgets it when done.
 */
export async function resetRootPassword(options: {
  actor: Actor;
  containerId: string;
  password?: string;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.set-password",
  });
  if (c.isSuspended) throw new AppError("CONFLICT", "This container is suspended by the administrator.");
  const isGenerated = !options.password;
  const password = isGenerated ? generatePassword() : (options.password as string);
  if (!isGenerated) assertRootPassword(password, { hostname: c.hostname, field: "password" });
  const task = await enqueueTask({
    actor: options.actor,
    type: "container.set-password",
    containerId: c.id,
    nodeId: c.nodeId,
    tenantId: c.tenantId,
    ip: options.ip,
    input: { ctid: c.ctid, hostname: c.hostname, user: "root", rootPasswordSealed: sealSecret(password) },
  });
  return { task, generatedPassword: isGenerated ? password : null };
}
