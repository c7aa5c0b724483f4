import type { Plan } from "../generated/prisma/client";

/** The fields of a container that its plan sets (limits as the plan stores them). */
export type PlanContainerValues = Pick<
  Plan,
  | "ramMb"
  | "swapMb"
  | "numproc"
  | "cpuunits"
  | "cpulimit"
  | "cpus"
  | "diskspaceMb"
  | "diskspaceLimitMb"
  | "diskinodes"
  | "diskinodesLimit"
  | "numpty"
  | "numfile"
  | "bandwidthMbit"
>;

/** What a container made on (or moved to) `plan` stores of it: one list, for create, restore and apply. */
export function containerValuesOfPlan(plan: PlanContainerValues): PlanContainerValues {
  return {
    ramMb: plan.ramMb,
    swapMb: plan.swapMb,
    numproc: plan.numproc,
    cpuunits: plan.cpuunits,
    cpulimit: plan.cpulimit,
    cpus: plan.cpus,
    diskspaceMb: plan.diskspaceMb,
    diskspaceLimitMb: plan.diskspaceLimitMb,
    diskinodes: plan.diskinodes,
    diskinodesLimit: plan.diskinodesLimit,
    numpty: plan.numpty,
    numfile: plan.numfile,
    bandwidthMbit: plan.bandwidthMbit,
  };
}
