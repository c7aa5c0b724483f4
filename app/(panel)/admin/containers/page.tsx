import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { requirePageActor } from "@/lib/auth/get-actor";
import { listContainers } from "@/lib/containers/list-containers";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const metadata: Metadata = { title: "Containers" };

export default async function ContainersPage() {
  const actor = await requirePageActor("dashboard.admin");
  const { t } = await getTranslator();
  const containers = await listContainers({ actor });
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
      {containers.length === 0 ? (
        <EmptyState message={t("containers.empty")} />
      ) : (
        <DataTable
          caption={t("containers.title")}
          rows={containers}
          columns={[
            { header: t("containers.col.ctid"), cell: (c) => <span className="tabular-nums">{c.ctid}</span> },
            {
              header: t("containers.col.hostname"),
              cell: (c) => <span className="font-medium">{c.hostname}</span>,
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
    </>
  );
}
