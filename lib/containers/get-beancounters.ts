import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { beancounterSchema, commandReplySchema, ENDPOINTS, PROTOCOL_VERSION } from "@/agent/protocol";
import type { Actor } from "../auth/actor";
import { isAppError } from "../errors/app-error";
import { callAgent } from "../nodes/agent-client";
import { getAgentEndpoint } from "../tasks/run-agent-command";
import { getAuthorizedContainer } from "./get-container";

const beancountersResultSchema = z.array(
  z.object({ ctid: z.number(), running: z.boolean(), counters: z.array(beancounterSchema) }),
);

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
    const reply = await callAgent(node, {
      method: "POST",
      path: `${ENDPOINTS.commands}?wait=5000`,
      body: {
        protocolVersion: PROTOCOL_VERSION,
        id: `bc-${randomBytes(9).toString("base64url")}`,
        command: { type: "beancounters.get", ctids: [c.ctid] },
      },
      schema: commandReplySchema,
      timeoutMs: 10_000,
    });
    const op = reply.operation;
    if (op.status !== "succeeded")
      return { error: op.error?.message ?? "the node is still reading the counters" };
    const parsed = beancountersResultSchema.safeParse(op.result);
    if (!parsed.success) return { error: "the node's answer was not understood" };
    return { counters: parsed.data.find((x) => x.ctid === c.ctid)?.counters ?? [], readAt: new Date() };
  } catch (err) {
    return { error: isAppError(err) ? err.message : "the node could not be asked" };
  }
}
