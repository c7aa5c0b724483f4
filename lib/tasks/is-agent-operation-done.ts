import "server-only";
import { commandReplySchema, ENDPOINTS } from "@/agent/protocol";
import { isAppError } from "../errors/app-error";
import type { AgentEndpoint } from "../nodes/agent-client";
import { callAgent } from "../nodes/agent-client";

/** How long a cleanup waits for an operation still running on the node before giving up on knowing. */
const WAIT_FOR_RUNNING_MS = 120_000;

/**
 * Whether the node's agent ran the command of this id to success: "yes" (it did), "no" (it never got it, or
 * it failed: a failed create or restore is rolled back by the agent itself), or "unknown" (the node did not
 * answer, or the operation was still running after a while). A cleanup destroys on a node only what a "yes"
 * says this task made there: a CTID the agent refused may belong to a container the panel does not know.
 */
export async function isAgentOperationDone(
  node: AgentEndpoint,
  commandId: string,
): Promise<"yes" | "no" | "unknown"> {
  const end = Date.now() + WAIT_FOR_RUNNING_MS;
  try {
    for (;;) {
      const { operation } = await callAgent(node, {
        method: "GET",
        path: `${ENDPOINTS.operation(commandId)}?wait=10000`,
        schema: commandReplySchema,
        timeoutMs: 20_000,
      });
      if (operation.status === "succeeded") return "yes";
      if (operation.status === "failed") return "no";
      if (Date.now() > end) return "unknown";
    }
  } catch (err) {
    // The agent journals every command it accepts: one it does not know was never run.
    if (isAppError(err) && err.code === "NOT_FOUND") return "no";
    return "unknown";
  }
}
