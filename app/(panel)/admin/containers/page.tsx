import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { Pagination } from "@/components/pagination";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterApplyButton } from "@/components/ui/filter-apply-button";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { getCreateContainerOptions } from "@/lib/containers/get-create-options";
import { CONTAINER_STATUSES, listContainers } from "@/lib/containers/list-containers";
import type { MessageKey } from "@/lib/i18n/messages";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const generateMetadata = adminPageMetadata("Containers");

const SORTS = ["-created", "created", "ctid", "-ctid", "hostname", "-hostname", "status", "-status"] as const;
const selectClass =
  "rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

export default async function ContainersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string>>;
}) {
  const actor = await requirePageActor("dashboard.admin");
  const { t } = await getTranslator();
  const params = await searchParams;
  const [{ query, total, pages, rows }, options] = await Promise.all([
    listContainers({ actor, query: params }),
    getCreateContainerOptions({ actor }),
  ]);
  const isFiltered = Boolean(query.q || query.node || query.tenant || query.status || query.template);
  const filter = (
    id: string,
    label: string,
    name: string,
    value: string,
    items: { id: string; name: string }[],
  ) => (
    <label htmlFor={id} className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
      {label}
      <select id={id} name={name} defaultValue={value} className={selectClass}>
        <option value="">{t("containers.filter.all")}</option>
        {items.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <AutoRefresh seconds={5} />
      <PageHeader
        title={t("containers.title")}
        subtitle={t("containers.subtitle")}
        actions={
          <Link
            href="/admin/containers/new"
            className="rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            {t("containers.new")}
          </Link>
        }
      />
      <form method="get" aria-label={t("containers.search")} className="mb-4 flex flex-wrap items-end gap-3">
        <label htmlFor="q" className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
          {t("containers.search")}
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q}
            placeholder="CTID, host name, IP"
            className={selectClass}
          />
        </label>
        {filter("filter-node", t("containers.filter.node"), "node", query.node, options.nodes)}
        {filter("filter-tenant", t("containers.filter.tenant"), "tenant", query.tenant, options.tenants)}
        {filter(
          "filter-status",
          t("containers.filter.status"),
          "status",
          query.status,
          CONTAINER_STATUSES.map((s) => ({ id: s, name: s.toLowerCase() })),
        )}
        {filter(
          "filter-template",
          t("containers.filter.template"),
          "template",
          query.template,
          options.templates,
        )}
        <label htmlFor="sort" className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
          {t("containers.filter.sort")}
          <select id="sort" name="sort" defaultValue={query.sort} className={selectClass}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`containers.sort.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <FilterApplyButton label={t("containers.filter.apply")} />
        {isFiltered ? (
          <Link href="/admin/containers" className="text-sm text-brand-600 hover:underline">
            {t("containers.filter.clear")}
          </Link>
        ) : null}
      </form>
      {rows.length === 0 ? (
        <EmptyState message={isFiltered ? t("containers.noMatch") : t("containers.empty")} />
      ) : (
        <DataTable
          caption={t("containers.title")}
          rows={rows}
          columns={[
            { header: t("containers.col.ctid"), cell: (c) => <span className="tabular-nums">{c.ctid}</span> },
            {
              header: t("containers.col.hostname"),
              cell: (c) => (
                <Link
                  href={`/admin/containers/${c.id}`}
                  className="font-medium text-brand-600 hover:underline"
                >
                  {c.hostname}
                </Link>
              ),
            },
            { header: t("common.status"), cell: (c) => <StatusBadge status={c.status} /> },
            { header: t("containers.col.node"), cell: (c) => c.node.name },
            { header: t("containers.col.tenant"), cell: (c) => c.tenant.name },
            { header: t("containers.col.plan"), cell: (c) => c.plan?.name ?? "—" },
            {
              header: t("containers.col.ips"),
              cell: (c) => c.ipAddresses.map((a) => a.address).join(", ") || "—",
            },
          ]}
        />
      )}
      <Pagination
        basePath="/admin/containers"
        params={{
          q: query.q,
          node: query.node,
          tenant: query.tenant,
          status: query.status,
          template: query.template,
          sort: query.sort,
        }}
        page={query.page}
        pages={pages}
        total={total}
        labels={{
          previous: t("containers.previous"),
          next: t("containers.next"),
          status: t("containers.page", { page: query.page, pages }),
        }}
      />
    </>
  );
}
