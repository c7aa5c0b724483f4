import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { ContainerStatusBadge } from "@/components/container/container-status-badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/get-actor";
import { listContainers } from "@/lib/containers/list-containers";
import { formatMb } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const metadata: Metadata = { title: "My servers" };

export default async function ServersPage() {
  const actor = await requirePageActor();
  // Admins manage every container from the admin list.
  if (actor.role === "ADMIN") redirect("/admin/containers");
  const { t } = await getTranslator();
  const { rows: containers } = await listContainers({ actor, query: { pageSize: 200 } });
  return (
    <>
      <AutoRefresh seconds={10} />
      <PageHeader title={t("servers.title")} subtitle={t("servers.subtitle")} />
      {containers.length === 0 ? (
        <EmptyState message={t("servers.empty")} />
      ) : (
        <DataTable
          caption={t("servers.title")}
          rows={containers}
          columns={[
            {
              header: t("containers.col.hostname"),
              cell: (c) => (
                <Link href={`/servers/${c.id}`} className="font-medium text-brand-600 hover:underline">
                  {c.hostname}
                </Link>
              ),
            },
            {
              header: t("common.status"),
              cell: (c) => <ContainerStatusBadge status={c.status} t={t} />,
            },
            {
              header: t("containers.col.ips"),
              cell: (c) => c.ipAddresses.map((a) => a.address).join(", ") || "—",
            },
            { header: t("containers.col.plan"), cell: (c) => c.plan?.name ?? "—" },
            { header: t("plans.col.ram"), cell: (c) => formatMb(c.ramMb) },
            { header: t("plans.col.disk"), cell: (c) => formatMb(c.diskspaceMb) },
          ]}
        />
      )}
    </>
  );
}
