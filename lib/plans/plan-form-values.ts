import type { PlanFormField, PlanValues } from "./schemas";
import { formatSizeInput } from "./sizes";

/** A plan's values as the form shows them (human sizes, empty = unlimited), to edit or to review a proposal. */
export function toPlanFormValues(
  plan: PlanValues & { name?: string; description?: string },
): Record<PlanFormField, string> {
  const n = (v: number | null) => (v === null ? "" : String(v));
  return {
    name: plan.name ?? "",
    description: plan.description ?? "",
    ram: formatSizeInput(plan.ramMb),
    swap: formatSizeInput(plan.swapMb),
    numproc: n(plan.numproc),
    cpuunits: String(plan.cpuunits),
    cpulimit: n(plan.cpulimit),
    cpus: n(plan.cpus),
    diskspace: formatSizeInput(plan.diskspaceMb),
    diskspaceLimit: formatSizeInput(plan.diskspaceLimitMb),
    diskinodes: n(plan.diskinodes),
    diskinodesLimit: n(plan.diskinodesLimit),
    numpty: n(plan.numpty),
    numfile: n(plan.numfile),
    bandwidth: n(plan.bandwidthMbit),
  };
}
