import "server-only";
import type { Actor } from "../auth/actor";
import { getAuthorizedContainer } from "../containers/get-container";

/** What a console page needs: the container, if the actor may open its console (else NOT_FOUND). */
export async function getConsoleTarget(options: { actor: Actor; containerId: string }) {
  const c = await getAuthorizedContainer({ ...options, action: "container.console" });
  return { id: c.id, ctid: c.ctid, hostname: c.hostname, status: c.status, isSuspended: c.isSuspended };
}
