// The container's limits in vzctl's syntax, as the agent takes them. The panel keeps sizes in MiB.

export type ContainerLimits = {
  ramMb: number;
  swapMb: number;
  numproc: number | null;
  cpuunits: number;
  cpulimit: number | null;
  cpus: number | null;
  diskspaceMb: number;
  diskspaceLimitMb: number;
  diskinodes: number | null;
  diskinodesLimit: number | null;
};

export function mbSize(mb: number): string {
  return `${mb}M`;
}

export function barrierLimit(barrier: number | null, limit: number | null, unit = ""): string {
  if (barrier === null) return "unlimited";
  return `${barrier}${unit}:${limit ?? barrier}${unit}`;
}

/** The `vzctl set` parameters that make a container's limits what the panel says. */
export function limitsToSetParams(l: ContainerLimits) {
  return {
    ram: mbSize(l.ramMb),
    swap: mbSize(l.swapMb),
    numproc: l.numproc === null ? "unlimited" : `${l.numproc}:${l.numproc}`,
    cpuunits: l.cpuunits,
    ...(l.cpulimit !== null ? { cpulimit: l.cpulimit } : { cpulimit: 0 }),
    ...(l.cpus !== null ? { cpus: l.cpus } : {}),
    diskspace: barrierLimit(l.diskspaceMb, l.diskspaceLimitMb, "M"),
    diskinodes: barrierLimit(l.diskinodes, l.diskinodesLimit),
  };
}
