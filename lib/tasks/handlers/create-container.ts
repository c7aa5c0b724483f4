import "server-only";
import { openSecret } from "../../auth/secret-box";
import { limitsToSetParams, mbSize } from "../../containers/limits";
import { db } from "../../db";
import { releaseContainerIpAddresses } from "../../ip-pools/release-container-ip-addresses";
import { ensureTemplateOnNode } from "../../templates/ensure-template-on-node";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import type { TaskContext } from "../task-context";
import { loadTaskContainer, splitList } from "./load-container";
import type { TaskHandler } from "./types";

/**
 * container.create: make the container on its node from the template, apply the plan's limits, nameservers
 * and root password (saved, as `vzctl set --save`), and start it if asked.
 */
export const createContainer: TaskHandler = async (ctx) => {
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  if (!c.template) throw new Error("container has no template");
  // A node without the template gets it from the panel first (step 0; skipped when the node has it).
  await ensureTemplateOnNode({
    ctx,
    node,
    template: { name: c.template.name },
    commandId: ctx.stepCommandId(0),
    range: { from: 1, to: 5 },
    isMarkedPresentEnough: true,
  });
  await ctx.log(`Creating container ${c.ctid} (${c.hostname}) on ${node.name} from ${c.template.name}.`);
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    {
      type: "container.create",
      ctid: c.ctid,
      ostemplate: c.template.name,
      hostname: c.hostname,
      ipadd: c.ipAddresses.map((a) => a.address),
      diskspace: `${mbSize(c.diskspaceMb)}:${mbSize(c.diskspaceLimitMb)}`,
      ...(c.diskinodes !== null
        ? { diskinodes: `${c.diskinodes}:${c.diskinodesLimit ?? c.diskinodes}` }
        : {}),
    },
    { from: 5, to: 70, phase: "Creating the container" },
  );

  // Limits before the first start, so the container never runs without them; while it is stopped this
  // only writes its config (fast).
  const { diskspace: _diskspace, diskinodes: _diskinodes, ...limits } = limitsToSetParams(c);
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(2),
    {
      type: "container.set",
      ctid: c.ctid,
      save: true,
      params: {
        ...limits,
        onboot: c.onboot,
        ...(c.nameservers ? { nameserver: splitList(c.nameservers) } : {}),
        ...(c.searchdomain ? { searchdomain: splitList(c.searchdomain) } : {}),
      },
    },
    { from: 70, to: 80, phase: "Applying limits and settings" },
  );

  let status: "RUNNING" | "STOPPED" = "STOPPED";
  if (ctx.task.input.start === true) {
    await runAgentCommand(
      ctx,
      node,
      ctx.stepCommandId(3),
      { type: "container.start", ctid: c.ctid },
      {
        from: 80,
        to: 90,
        phase: "Starting",
      },
    );
    status = "RUNNING";
  }

  // The root password goes in with the container's own chpasswd: at once when it runs; a stopped one is
  // started and stopped again for it by the agent (as vzctl does), which takes a few seconds.
  const sealed = ctx.task.input.rootPasswordSealed;
  if (typeof sealed === "string") {
    await runAgentCommand(
      ctx,
      node,
      ctx.stepCommandId(4),
      {
        type: "container.set",
        ctid: c.ctid,
        save: true,
        params: { userpasswd: [{ user: "root", password: openSecret(sealed) }] },
      },
      { from: 90, to: 99, phase: "Setting the root password" },
    );
  }
  await db.container.update({
    where: { id: c.id },
    data: {
      status,
      hasDrift: false,
      lastSyncedAt: new Date(),
      ...(status === "RUNNING" ? { startedAt: new Date() } : {}),
    },
    select: { id: true },
  });
  return { ctid: c.ctid, status };
};

// A failed create leaves nothing half-made: the node is asked to destroy what it may have made, and the
// panel forgets the container and returns its addresses. The failed task keeps the story.
createContainer.onFailure = (ctx) => removeFailedContainer(ctx, { isOnNode: true });

/**
 * Undoes a container a failed task was making (create, restore as a new container): destroyed on the node
 * when `isOnNode` (it may exist there), then its row deleted and its addresses returned to their pools.
 */
export async function removeFailedContainer(ctx: TaskContext, options: { isOnNode: boolean }): Promise<void> {
  const containerId = ctx.task.containerId;
  if (!containerId) return;
  const c = await db.container.findUnique({
    where: { id: containerId },
    select: { ctid: true, nodeId: true },
  });
  if (!c) return;
  if (options.isOnNode) {
    try {
      const node = await getAgentEndpoint(c.nodeId);
      await runAgentCommand(
        ctx,
        node,
        ctx.stepCommandId(8),
        { type: "container.stop", ctid: c.ctid, fast: true },
        {
          from: 0,
          to: 0,
          phase: "Cleaning up",
        },
      ).catch(() => undefined);
      await runAgentCommand(
        ctx,
        node,
        ctx.stepCommandId(9),
        { type: "container.destroy", ctid: c.ctid },
        {
          from: 0,
          to: 0,
          phase: "Cleaning up",
        },
      );
      await ctx.log(`Removed the partly made container ${c.ctid} from the node.`);
    } catch {
      await ctx.log(
        `Could not reach the node to remove container ${c.ctid}; the agent rolls back unfinished creates by itself when it restarts.`,
        "warn",
      );
    }
  }
  await db.$transaction(async (tx) => {
    await releaseContainerIpAddresses({ tx, containerId });
    await tx.task.updateMany({ where: { containerId }, data: { containerId: null } });
    await tx.container.delete({ where: { id: containerId } });
  });
}
