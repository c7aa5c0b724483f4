import "server-only";
import { db } from "../../db";
import { AppError } from "../../errors/app-error";

/** The container a task is about, with everything the handlers send to the agent. */
export async function loadTaskContainer(containerId: string | null) {
  if (!containerId) throw new AppError("NOT_FOUND", "The container of this task no longer exists.");
  const c = await db.container.findUnique({
    where: { id: containerId },
    select: {
      id: true,
      ctid: true,
      nodeId: true,
      tenantId: true,
      hostname: true,
      name: true,
      status: true,
      ramMb: true,
      swapMb: true,
      numproc: true,
      cpuunits: true,
      cpulimit: true,
      cpus: true,
      diskspaceMb: true,
      diskspaceLimitMb: true,
      diskinodes: true,
      diskinodesLimit: true,
      nameservers: true,
      searchdomain: true,
      onboot: true,
      template: { select: { name: true } },
      ipAddresses: { select: { address: true } },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", "The container of this task no longer exists.");
  return c;
}

export type TaskContainer = Awaited<ReturnType<typeof loadTaskContainer>>;

export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}
