import Link from "next/link";

/** Previous / next links that keep the rest of the URL's query, and "page X of Y" as readable text. */
export function Pagination({
  basePath,
  params,
  page,
  pages,
  total,
  labels,
}: {
  basePath: string;
  params: Record<string, string>;
  page: number;
  pages: number;
  total: number;
  labels: { previous: string; next: string; status: string };
}) {
  const href = (p: number) => {
    const q = new URLSearchParams({
      ...Object.fromEntries(Object.entries(params).filter(([, v]) => v !== "")),
      page: String(p),
    });
    return `${basePath}?${q.toString()}`;
  };
  const linkClass = "rounded-lg border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700";
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
      <span role="status" data-testid="pagination-status">
        {labels.status} · {total}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} className={linkClass} rel="prev">
            {labels.previous}
          </Link>
        ) : null}
        {page < pages ? (
          <Link href={href(page + 1)} className={linkClass} rel="next">
            {labels.next}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
