import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/get-actor";
import { listIpPools } from "@/lib/ip-pools/list-ip-pools";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const metadata: Metadata = { title: "IP pools" };

export default async function IpPoolsPage() {
  const actor = await requirePageActor("ip-pool.read");
  const { t } = await getTranslator();
  const pools = await listIpPools({ actor });
  return (
    <>
      <PageHeader title={t("ipPools.title")} subtitle={t("ipPools.subtitle")} />
      {pools.length === 0 ? (
        <EmptyState message={t("ipPools.empty")} />
      ) : (
        <DataTable
          caption={t("ipPools.title")}
          rows={pools}
          columns={[
            { header: t("common.name"), cell: (p) => <span className="font-medium">{p.name}</span> },
            { header: t("ipPools.col.cidr"), cell: (p) => <code className="text-xs">{p.cidr}</code> },
            { header: t("nav.nodes"), cell: (p) => p.nodes.map((n) => n.node.name).join(", ") || "—" },
            { header: t("ipPools.col.used"), cell: (p) => `${p.usedCount} / ${p._count.addresses}` },
          ]}
        />
      )}
    </>
  );
}
