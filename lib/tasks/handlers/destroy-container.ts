import "server-only";
import { db } from "../../db";
import { releaseContainerIpAddresses } from "../../ip-pools/release-container-ip-addresses";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import { loadTaskContainer } from "./load-container";
import type { TaskHandler } from "./types";

/** container.destroy: stop if running (as the admin confirmed), destroy on the node, return the IPs. */
export const destroyContainer: TaskHandler = async (ctx) => {
  const c = await loadTaskContainer(ctx.task.containerId);
  const node = await getAgentEndpoint(c.nodeId);
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    { type: "container.stop", ctid: c.ctid, fast: true },
    {
      from: 5,
      to: 40,
      phase: "Stopping",
    },
  );
  await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(2),
    { type: "container.destroy", ctid: c.ctid },
    {
      from: 40,
      to: 95,
      phase: "Destroying",
    },
  );
  const released = await db.$transaction(async (tx) => {
    const ips = await releaseContainerIpAddresses({ tx, containerId: c.id });
    // The task keeps its history (containerId becomes null; its input names the CTID and hostname).
    await tx.task.updateMany({ where: { containerId: c.id }, data: { containerId: null, lockKey: null } });
    await tx.usageSample.deleteMany({ where: { containerId: c.id } });
    await tx.container.delete({ where: { id: c.id } });
    return ips;
  });
  await ctx.log(
    released.length
      ? `Returned ${released.map((r) => r.address).join(", ")} to the pool.`
      : "The container had no addresses.",
  );
  return { ctid: c.ctid, releasedAddresses: released.map((r) => r.address) };
};

destroyContainer.onFailure = async (ctx) => {
  if (ctx.task.containerId) {
    await db.container.updateMany({
      where: { id: ctx.task.containerId, status: "DESTROYING" },
      data: { status: "ERROR" },
    });
  }
};
