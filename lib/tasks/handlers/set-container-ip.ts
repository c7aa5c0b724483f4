import "server-only";
import { SYSTEM_ACTOR } from "../../auth/actor";
import { releaseIpAddress } from "../../ip-pools/release-ip-address";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import { loadTaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

/** container.set-ip: add or remove one address on the node (saved); a removed one returns to its pool. */
export const setContainerIp: TaskHandler = async (ctx) => {
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  const add = typeof ctx.task.input.add === "string" ? ctx.task.input.add : null;
  const remove = typeof ctx.task.input.remove === "string" ? ctx.task.input.remove : null;
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    {
      type: "container.set",
      ctid: c.ctid,
      save: true,
      params: add ? { ipadd: [add] } : { ipdel: [remove as string] },
    },
    { from: 10, to: 95, phase: add ? `Adding ${add}` : `Removing ${remove}` },
  );
  if (remove) await releaseIpAddress({ actor: SYSTEM_ACTOR, containerId: c.id, address: remove });
  return { added: add, removed: remove };
};

// The node did not take the new address: give it back, so the panel never shows what the node lacks.
setContainerIp.onFailure = async (ctx) => {
  const add = ctx.task.input.add;
  if (typeof add === "string" && ctx.task.containerId) {
    await releaseIpAddress({ actor: SYSTEM_ACTOR, containerId: ctx.task.containerId, address: add }).catch(
      () => undefined,
    );
  }
};
