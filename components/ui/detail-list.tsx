import type { ReactNode } from "react";

/** Label and value pairs (a <dl>) in two columns: the overview and limits of a container, a profile. */
export function DetailList({
  items,
  label,
  className = "",
}: {
  items: [string, ReactNode][];
  label?: string;
  className?: string;
}) {
  return (
    <dl className={`grid grid-cols-3 gap-x-3 gap-y-2 text-sm ${className}`} aria-label={label}>
      {items.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="col-span-2 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
