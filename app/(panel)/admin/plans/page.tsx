import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/get-actor";
import { formatMb } from "@/lib/format";
import { listPlans } from "@/lib/plans/list-plans";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const metadata: Metadata = { title: "Plans" };

export default async function PlansPage() {
  const actor = await requirePageActor("plan.manage");
  const { t } = await getTranslator();
  const plans = await listPlans({ actor });
  return (
    <>
      <PageHeader title={t("plans.title")} subtitle={t("plans.subtitle")} />
      {plans.length === 0 ? (
        <EmptyState message={t("plans.empty")} />
      ) : (
        <DataTable
          caption={t("plans.title")}
          rows={plans}
          columns={[
            { header: t("common.name"), cell: (p) => <span className="font-medium">{p.name}</span> },
            { header: t("plans.col.ram"), cell: (p) => `${formatMb(p.ramMb)} + ${formatMb(p.swapMb)} swap` },
            {
              header: t("plans.col.disk"),
              cell: (p) => `${formatMb(p.diskspaceMb)}:${formatMb(p.diskspaceLimitMb)}`,
            },
            { header: t("plans.col.cpus"), cell: (p) => p.cpus ?? "—" },
            { header: t("nav.containers"), cell: (p) => p._count.containers },
          ]}
        />
      )}
    </>
  );
}
