import "server-only";
import { skipCtidOnNode } from "../../containers/allocate-ctid";
import { limitsToSetParams } from "../../containers/limits";
import { db } from "../../db";
import { AppError, isAppError } from "../../errors/app-error";
import { releaseContainerIpAddresses } from "../../ip-pools/release-container-ip-addresses";
import { ensureTemplateOnNode } from "../../templates/ensure-template-on-node";
import { isAgentOperationDone } from "../is-agent-operation-done";
import { rememberInTask } from "../remember-in-task";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import type { TaskContext } from "../task-context";
import { createCommandFor, setRootPasswordFromTask, settingsParamsFor } from "./container-commands";
import { loadTaskContainer } from "./load-container";
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
  await runAgentCommand(ctx, node, ctx.stepCommandId(CREATE_STEP), createCommandFor(c, c.template.name), {
    from: 5,
    to: 70,
    phase: "Creating the container",
  }).catch((err: unknown) =>
    explainForeignCtid(err, { ctid: c.ctid, nodeId: c.nodeId, nodeName: node.name }),
  );
  // From here on the container on the node is this task's: a failure has it destroyed there (onFailure).
  // A panel restarted before this line sends the create again under the same id and gets the agent's first
  // answer, so it still gets here for a container it made, and never for one the agent refused.
  await rememberInTask(ctx, "isCreated", true);

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
      params: { ...limits, ...settingsParamsFor(c) },
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

  // The root password last: at once when it runs; a stopped one is started and stopped again for it by the
  // agent (as vzctl does), which takes a few seconds.
  await setRootPasswordFromTask(ctx, node, c.ctid, 4, { from: 90, to: 99 });
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

/** The step whose command makes the container on the node (its id is the proof the task made it). */
const CREATE_STEP = 1;

// A failed create leaves nothing half-made: the node is asked to destroy the container only if this task made
// it there (the agent rolls back a create that failed or was cut short by itself, and refuses a CTID it
// already has, which may be a container the panel does not know: never destroyed), then the panel forgets
// the container and returns its addresses. The failed task keeps the story.
createContainer.onFailure = async (ctx) => {
  await removeFailedContainer(ctx, {
    isOnNode: ctx.task.input.isCreated === true ? true : { commandId: ctx.stepCommandId(CREATE_STEP) },
  });
};

/**
 * The agent's refusal of a CTID it already has (VE_PRIVATE_EXIST) says what it means for the panel: a
 * container it does not know uses that CTID. The node's counter moves past it, so the next create there gets
 * a free one. Any other error is passed on as it is.
 */
export async function explainForeignCtid(
  err: unknown,
  target: { ctid: number; nodeId: string; nodeName: string },
): Promise<never> {
  if (!isAppError(err) || err.reason !== "VE_PRIVATE_EXIST") throw err;
  await skipCtidOnNode(db, { nodeId: target.nodeId, ctid: target.ctid });
  throw new AppError(
    "CONFLICT",
    `CTID ${target.ctid} exists on node ${target.nodeName} but is not known to the panel (made by hand on the node, or left by another panel); it was left as it is. Try again: the panel now gives the next free CTID. If that container is not needed, remove it on the node (vzctl destroy ${target.ctid}).`,
    { reason: "ctid-exists-on-node" },
  );
}

/**
 * Undoes a container a failed task was making (create, restore as a new container): destroyed on the node
 * only when the task made it there, then its row deleted and its addresses returned to their pools.
 * `isOnNode` is true when the task recorded that the agent made it, false when it cannot have, or the id of
 * the command that makes it when the task does not know (it failed waiting for the answer): the agent is
 * asked whether that command succeeded. A CTID this task did not make there is never destroyed: it may be
 * a container the panel does not know.
 */
export async function removeFailedContainer(
  ctx: TaskContext,
  options: { isOnNode: boolean | { commandId: string } },
): Promise<void> {
  const containerId = ctx.task.containerId;
  if (!containerId) return;
  const c = await db.container.findUnique({
    where: { id: containerId },
    select: { ctid: true, nodeId: true },
  });
  if (!c) return;
  let isOnNode = options.isOnNode === true;
  if (typeof options.isOnNode === "object") {
    const { commandId } = options.isOnNode;
    const answer = await getAgentEndpoint(c.nodeId)
      .then((node) => isAgentOperationDone(node, commandId))
      .catch(() => "unknown" as const);
    isOnNode = answer === "yes";
    if (answer === "unknown")
      await ctx.log(
        `Could not learn from the node whether container ${c.ctid} was made there; it was left as it is. If CTID ${c.ctid} is on the node and no other container uses it, remove it there (vzctl destroy ${c.ctid}).`,
        "warn",
      );
  }
  if (isOnNode) {
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
        `Could not remove container ${c.ctid} (made by this task) from the node; remove it there (vzctl destroy ${c.ctid}) once the node answers.`,
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
