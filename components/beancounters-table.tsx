type Row = {
  resource: string;
  held: number | null;
  maxheld: number | null;
  barrier: number | null;
  limit: number | null;
  failcnt: number;
};

const MAX_LONG = 9223372036854775807n;

function cell(v: number | null): string {
  // OpenVZ prints "unlimited" as LONG_MAX; the agent sends null.
  return v === null ? MAX_LONG.toString() : String(v);
}

/**
 * /proc/user_beancounters as a table: held, maxheld, barrier, limit, failcnt. A failcnt above zero means
 * the container hit that limit; it is highlighted, since that is what an admin looks for first.
 */
export function BeancountersTable({ rows, caption }: { rows: Row[]; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-right font-mono text-xs" aria-label={caption}>
        <caption className="sr-only">{caption}</caption>
        <thead className="text-slate-500">
          <tr>
            <th scope="col" className="px-2 py-1 text-left">
              resource
            </th>
            <th scope="col" className="px-2 py-1">
              held
            </th>
            <th scope="col" className="px-2 py-1">
              maxheld
            </th>
            <th scope="col" className="px-2 py-1">
              barrier
            </th>
            <th scope="col" className="px-2 py-1">
              limit
            </th>
            <th scope="col" className="px-2 py-1">
              failcnt
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.resource}
              data-resource={r.resource}
              className={r.failcnt > 0 ? "bg-rose-50 text-rose-800 dark:bg-rose-950 dark:text-rose-200" : ""}
            >
              <th scope="row" className="px-2 py-1 text-left font-medium">
                {r.resource}
              </th>
              <td className="px-2 py-1">{r.held ?? "-"}</td>
              <td className="px-2 py-1">{r.maxheld ?? "-"}</td>
              <td className="px-2 py-1">{cell(r.barrier)}</td>
              <td className="px-2 py-1">{cell(r.limit)}</td>
              <td className="px-2 py-1 font-semibold">{r.failcnt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
