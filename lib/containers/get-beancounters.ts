import "server-only";
import type { z } from "zod";
import { type beancounterSchema, beancountersResultSchema, ENDPOINTS } from "@/agent/protocol";
import type { Actor } from "../auth/actor";
import { isAppError } from "../errors/app-error";
import { callAgent } from "../nodes/agent-client";
import { getAgentEndpoint } from "../tasks/run-agent-command";
import { getAuthorizedContainer } from "./get-container";

export type BeancounterRow = z.infer<typeof beancounterSchema>;

/**
 * The container's beancounters as the node reads them now (held, maxheld, barrier, limit, failcnt), or
 * `{ error }` with the reason when the node cannot be asked. Units are OpenVZ's: pages for physpages and
 * swappages, bytes for kmemsize, 1 KiB blocks for diskspace, counts for the rest.
 */
export async function getBeancounters(options: {
  actor: Actor;
  containerId: string;
}): Promise<{ counters: BeancounterRow[]; readAt: Date } | { error: string }> {
  const c = await getAuthorizedContainer({ ...options, action: "container.read" });
  try {
    const node = await getAgentEndpoint(c.nodeId);
    const all = await callAgent(node, {
      method: "GET",
      path: `${ENDPOINTS.beancounters}?ctid=${c.ctid}`,
      schema: beancountersResultSchema,
      timeoutMs: 10_000,
    });
    return { counters: all.find((x) => x.ctid === c.ctid)?.counters ?? [], readAt: new Date() };
  } catch (err) {
    return { error: isAppError(err) ? err.message : "the node could not be asked" };
  }
}
