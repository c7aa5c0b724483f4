import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/authorize";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { listIpPools } from "@/lib/ip-pools/list-ip-pools";
import { listNodes } from "@/lib/nodes/list-nodes";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { PoolForm } from "./pool-form";

export const generateMetadata = adminPageMetadata("IP pools");

export default async function IpPoolsPage() {
  const actor = await requirePageActor("ip-pool.read");
  const { t, locale } = await getTranslator();
  const isManager = can(actor, "ip-pool.manage", null);
  const [pools, nodes] = await Promise.all([
    listIpPools({ actor }),
    isManager ? listNodes({ actor }) : Promise.resolve([]),
  ]);
  // Intl formats bigints: a /64's 18446744073709551615 free addresses stay exact.
  const count = new Intl.NumberFormat(locale);
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
            {
              header: t("common.name"),
              cell: (p) => (
                <Link
                  href={`/admin/ip-pools/${p.id}`}
                  className="whitespace-nowrap font-medium text-brand-700 underline dark:text-sky-300"
                >
                  {p.name}
                </Link>
              ),
            },
            { header: t("ipPools.col.cidr"), cell: (p) => <code className="text-xs">{p.cidr}</code> },
            { header: t("ipPools.col.version"), cell: (p) => t("ipPools.version", { version: p.ipVersion }) },
            {
              header: t("ipPools.col.gateway"),
              cell: (p) => (p.gateway ? <code className="text-xs">{p.gateway}</code> : "—"),
            },
            { header: t("nav.nodes"), cell: (p) => p.nodes.map((n) => n.name).join(", ") || "—" },
            { header: t("ipPools.col.used"), cell: (p) => count.format(p.usage.used) },
            { header: t("ipPools.col.reserved"), cell: (p) => count.format(p.usage.reserved) },
            { header: t("ipPools.col.free"), cell: (p) => count.format(p.usage.free) },
          ]}
        />
      )}
      {isManager ? (
        <div className="mt-6">
          <Card title={t("ipPools.newPool")}>
            <PoolForm nodes={nodes.map((n) => ({ id: n.id, name: n.name }))} idPrefix="new-pool" />
          </Card>
        </div>
      ) : null}
    </>
  );
}
