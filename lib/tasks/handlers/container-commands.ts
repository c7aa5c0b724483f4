import "server-only";
import type { Command, SetCommandParams } from "@/agent/protocol";
import { openSecret } from "../../auth/secret-box";
import { mbSize } from "../../containers/limits";
import type { AgentEndpoint } from "../../nodes/agent-client";
import { runAgentCommand } from "../run-agent-command";
import type { TaskContext } from "../task-context";
import { splitList, type TaskContainer } from "./load-container";

// The agent commands that build a container from the panel's row, shared by create, reinstall and restore so
// that each of them gives the node the same container (one list of settings, not one per handler).

/** `vzctl create` of the row's container from `ostemplate`: CTID, host name, addresses and disk. */
export function createCommandFor(c: TaskContainer, ostemplate: string): Command {
  return {
    type: "container.create",
    ctid: c.ctid,
    ostemplate,
    hostname: c.hostname,
    ipadd: c.ipAddresses.map((a) => a.address),
    diskspace: `${mbSize(c.diskspaceMb)}:${mbSize(c.diskspaceLimitMb)}`,
    ...(c.diskinodes !== null ? { diskinodes: `${c.diskinodes}:${c.diskinodesLimit ?? c.diskinodes}` } : {}),
  };
}

/** The row's settings beyond its limits: start at boot, nameservers and search domains. */
export function settingsParamsFor(c: TaskContainer): SetCommandParams {
  return {
    onboot: c.onboot,
    ...(c.nameservers ? { nameserver: splitList(c.nameservers) } : {}),
    ...(c.searchdomain ? { searchdomain: splitList(c.searchdomain) } : {}),
  };
}

/**
 * Sets root's password from the task's sealed input, when it has one (`vzctl set --userpasswd --save`):
 * the container's own chpasswd, at once when it runs; the agent starts and stops a stopped one for it.
 */
export async function setRootPasswordFromTask(
  ctx: TaskContext,
  node: AgentEndpoint,
  ctid: number,
  step: number,
  range: { from: number; to: number },
): Promise<void> {
  const sealed = ctx.task.input.rootPasswordSealed;
  if (typeof sealed !== "string") return;
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(step),
    {
      type: "container.set",
      ctid,
      save: true,
      params: { userpasswd: [{ user: "root", password: openSecret(sealed) }] },
    },
    { ...range, phase: "Setting the root password" },
  );
}
