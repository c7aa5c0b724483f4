import "server-only";
import type { SetCommandParams } from "@/agent/protocol";
import { openSecret } from "../../auth/secret-box";
import { type ContainerLimits, limitsToSetParams } from "../../containers/limits";
import { db } from "../../db";
import { containerValuesOfPlan } from "../../plans/container-values-of-plan";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import { loadTaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

/**
 * container.set-limits: new limits, applied live on a running container (cgroups, no restart); with
 * `save` also persisted on the node and in the panel (`vzctl set --save`), without it only for this run.
 */
export const setContainerLimits: TaskHandler = async (ctx) => {
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  const limits = { ...pickLimits(c), ...(ctx.task.input.limits as Partial<ContainerLimits>) };
  const save = ctx.task.input.save !== false;
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    { type: "container.set", ctid: c.ctid, save, params: limitsToSetParams(limits) },
    { from: 10, to: 95, phase: save ? "Applying and saving limits" : "Applying limits" },
  );
  if (save) {
    await db.container.update({
      where: { id: c.id },
      data: { ...limits, hasDrift: false },
      select: { id: true },
    });
  }
  return { saved: save, limits };
};

/** container.apply-plan: the plan's limits become the container's, saved and applied live. */
export const applyPlan: TaskHandler = async (ctx) => {
  const c = await loadTaskContainer(ctx.task.containerId);
  const plan = await db.plan.findUnique({ where: { id: String(ctx.task.input.planId) } });
  if (!plan) throw new Error("The plan no longer exists.");
  const node = await getAgentEndpoint(c.nodeId);
  const limits: ContainerLimits = pickLimits(plan);
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    { type: "container.set", ctid: c.ctid, save: true, params: limitsToSetParams(limits) },
    { from: 10, to: 95, phase: `Applying plan ${plan.name}` },
  );
  await db.container.update({
    where: { id: c.id },
    data: {
      ...containerValuesOfPlan(plan),
      planId: plan.id,
      hasDrift: false,
    },
    select: { id: true },
  });
  return { planId: plan.id, limits };
};

/** container.set-hostname: /etc/hostname and /etc/hosts inside, saved. */
export const setContainerHostname: TaskHandler = async (ctx) => {
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  const hostname = String(ctx.task.input.hostname);
  await sendSet(ctx, node, c.ctid, { hostname }, "Changing the hostname");
  await db.container.update({ where: { id: c.id }, data: { hostname }, select: { id: true } });
  return { hostname };
};

/** container.set-password: root's password through chpasswd on stdin inside the container. */
export const setContainerPassword: TaskHandler = async (ctx) => {
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  const sealed = ctx.task.input.rootPasswordSealed;
  if (typeof sealed !== "string") throw new Error("The task has no password (it was already used).");
  const user = typeof ctx.task.input.user === "string" ? ctx.task.input.user : "root";
  await sendSet(
    ctx,
    node,
    c.ctid,
    { userpasswd: [{ user, password: openSecret(sealed) }] },
    "Setting the password",
  );
  return { user };
};

async function sendSet(
  ctx: Parameters<TaskHandler>[0],
  node: Awaited<ReturnType<typeof getAgentEndpoint>>,
  ctid: number,
  params: SetCommandParams,
  phase: string,
) {
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    { type: "container.set", ctid, save: true, params },
    {
      from: 10,
      to: 95,
      phase,
    },
  );
}

function pickLimits(source: ContainerLimits): ContainerLimits {
  return {
    ramMb: source.ramMb,
    swapMb: source.swapMb,
    numproc: source.numproc,
    cpuunits: source.cpuunits,
    cpulimit: source.cpulimit,
    cpus: source.cpus,
    diskspaceMb: source.diskspaceMb,
    diskspaceLimitMb: source.diskspaceLimitMb,
    diskinodes: source.diskinodes,
    diskinodesLimit: source.diskinodesLimit,
  };
}
