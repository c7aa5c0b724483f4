/** Every limit of a plan, for queries that show or copy them. */
export const PLAN_VALUES_SELECT = {
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
  numpty: true,
  numfile: true,
  bandwidthMbit: true,
} as const;

export const PLAN_VALUE_KEYS = Object.keys(PLAN_VALUES_SELECT) as (keyof typeof PLAN_VALUES_SELECT)[];
