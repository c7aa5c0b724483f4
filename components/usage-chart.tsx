type Point = { at: Date; value: number };

/**
 * A small line chart (inline SVG, no client JavaScript). Its accessible name says what a sighted user
 * reads off it: the metric, its latest value and its range over the period.
 */
export function UsageChart({
  title,
  unit,
  points,
  max,
}: {
  title: string;
  unit: string;
  points: Point[];
  max?: number | null;
}) {
  const width = 320;
  const height = 90;
  if (points.length < 2) {
    return (
      <figure className="space-y-1">
        <figcaption className="text-xs font-medium text-slate-600 dark:text-slate-400">{title}</figcaption>
        <div className="flex h-[90px] items-center justify-center rounded bg-slate-50 text-xs text-slate-400 dark:bg-slate-800">
          —
        </div>
      </figure>
    );
  }
  const values = points.map((p) => p.value);
  const top = Math.max(max ?? 0, ...values, 1);
  const t0 = points[0]?.at.getTime() ?? 0;
  const t1 = points.at(-1)?.at.getTime() ?? 1;
  const x = (t: number) => ((t - t0) / Math.max(1, t1 - t0)) * width;
  const y = (v: number) => height - (v / top) * (height - 4) - 2;
  const path = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.at.getTime()).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(" ");
  const fmt = (v: number) => `${Math.round(v * 10) / 10} ${unit}`;
  const last = values.at(-1) ?? 0;
  const label = `${title}: now ${fmt(last)}, min ${fmt(Math.min(...values))}, max ${fmt(Math.max(...values))}`;
  return (
    <figure className="space-y-1">
      <figcaption className="flex justify-between text-xs font-medium text-slate-600 dark:text-slate-400">
        <span>{title}</span>
        <span className="tabular-nums">{fmt(last)}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-[90px] w-full rounded bg-slate-50 dark:bg-slate-800"
        role="img"
        aria-label={label}
      >
        {max ? (
          <line
            x1={0}
            x2={width}
            y1={y(max)}
            y2={y(max)}
            className="stroke-rose-400"
            strokeDasharray="4 3"
            strokeWidth={1}
          />
        ) : null}
        <path d={path} fill="none" className="stroke-brand-600" strokeWidth={1.5} />
      </svg>
    </figure>
  );
}
