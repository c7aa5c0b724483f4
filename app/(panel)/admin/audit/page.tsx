import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterApplyButton } from "@/components/ui/filter-apply-button";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const generateMetadata = adminPageMetadata("Audit log");

const inputClass =
  "rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const actor = await requirePageActor("audit.read");
  const { t, locale } = await getTranslator();
  const events = await listAuditEvents({ actor, query: await searchParams });
  const { query } = events;
  const next = new URLSearchParams({
    ...Object.fromEntries(Object.entries(query).filter(([, v]) => v !== "")),
    page: String(query.page + 1),
  });
  return (
    <>
      <PageHeader title={t("audit.title")} subtitle={t("audit.subtitle")} />
      <form method="get" aria-label={t("audit.filter")} className="mb-4 flex flex-wrap items-end gap-3">
        {(
          [
            ["action", t("audit.col.action"), "container."],
            ["actor", t("audit.col.actor"), "admin@"],
            ["target", t("audit.col.target"), ""],
          ] as const
        ).map(([name, label, placeholder]) => (
          <label
            key={name}
            htmlFor={`audit-${name}`}
            className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400"
          >
            {label}
            <input
              id={`audit-${name}`}
              name={name}
              defaultValue={query[name]}
              placeholder={placeholder}
              className={inputClass}
            />
          </label>
        ))}
        <label
          htmlFor="audit-result"
          className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400"
        >
          {t("audit.col.result")}
          <select id="audit-result" name="result" defaultValue={query.result} className={inputClass}>
            <option value="">{t("containers.filter.all")}</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <FilterApplyButton label={t("containers.filter.apply")} />
      </form>
      {events.length === 0 ? (
        <EmptyState message={t("audit.empty")} />
      ) : (
        <DataTable
          caption={t("audit.title")}
          rows={events}
          columns={[
            { header: t("audit.col.time"), cell: (e) => formatDateTime(e.createdAt, locale) },
            {
              header: t("audit.col.actor"),
              cell: (e) => `${e.actorLabel}${e.actorKind === "TOKEN" ? " (API)" : ""}`,
            },
            { header: t("audit.col.action"), cell: (e) => <code className="text-xs">{e.action}</code> },
            {
              header: t("audit.col.target"),
              cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"),
            },
            { header: t("audit.col.ip"), cell: (e) => e.ip ?? "—" },
            { header: t("audit.col.result"), cell: (e) => <StatusBadge status={e.result} /> },
          ]}
        />
      )}
      {events.hasMore ? (
        <Link
          href={`/admin/audit?${next.toString()}`}
          className="mt-4 inline-block text-sm text-brand-600 hover:underline"
          rel="next"
        >
          {t("containers.next")}
        </Link>
      ) : null}
    </>
  );
}
