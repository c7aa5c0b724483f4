import type { Translate } from "@/lib/i18n/messages";
import { UsageChart } from "../usage-chart";

type Sample = { createdAt: Date; ramUsedMb: number; numproc: number; cpuPercent: number; diskUsedMb: number };

/** The container's usage graphs: RAM, processes, CPU and disk, each against its limit where there is one. */
export function UsageCharts({
  samples,
  limits,
  t,
}: {
  samples: Sample[];
  limits: { ramMb: number; numproc: number | null; diskspaceMb: number };
  t: Translate;
}) {
  const series = (pick: (s: Sample) => number) => samples.map((s) => ({ at: s.createdAt, value: pick(s) }));
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <UsageChart
        title={t("containers.limits.ram")}
        unit="MiB"
        points={series((s) => s.ramUsedMb)}
        max={limits.ramMb}
      />
      <UsageChart
        title={t("containers.limits.numproc")}
        unit=""
        points={series((s) => s.numproc)}
        max={limits.numproc}
      />
      <UsageChart title="CPU" unit="%" points={series((s) => s.cpuPercent)} />
      <UsageChart
        title={t("containers.limits.disk")}
        unit="MiB"
        points={series((s) => s.diskUsedMb)}
        max={limits.diskspaceMb}
      />
    </div>
  );
}
