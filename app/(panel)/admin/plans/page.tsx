import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { formatMb } from "@/lib/format";
import { listNodes } from "@/lib/nodes/list-nodes";
import { listPlans } from "@/lib/plans/list-plans";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { NewPlanPanel } from "./new-plan-panel";

export const generateMetadata = adminPageMetadata("Plans");

export default async function PlansPage() {
  const actor = await requirePageActor("plan.manage");
  const { t } = await getTranslator();
  const [plans, nodes] = await Promise.all([listPlans({ actor }), listNodes({ actor })]);
  const orUnlimited = (v: number | null, unit = "") => (v === null ? t("plans.unlimited") : `${v}${unit}`);
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
            {
              header: t("common.name"),
              cell: (p) => (
                <Link
                  href={`/admin/plans/${p.id}`}
                  className="whitespace-nowrap font-medium text-brand-700 underline dark:text-sky-300"
                >
                  {p.name}
                </Link>
              ),
            },
            {
              header: t("plans.col.ram"),
              cell: (p) => t("plans.col.swap", { ram: formatMb(p.ramMb), swap: formatMb(p.swapMb) }),
            },
            {
              header: t("plans.col.disk"),
              cell: (p) => `${formatMb(p.diskspaceMb)}:${formatMb(p.diskspaceLimitMb)}`,
            },
            { header: t("plans.col.cpus"), cell: (p) => p.cpus ?? t("plans.allCpus") },
            { header: t("plans.col.cpuLimit"), cell: (p) => orUnlimited(p.cpulimit, "%") },
            { header: t("plans.col.numproc"), cell: (p) => orUnlimited(p.numproc) },
            { header: t("nav.containers"), cell: (p) => p._count.containers },
          ]}
        />
      )}
      <div className="mt-6">
        <Card title={t("plans.newPlan")}>
          <NewPlanPanel
            nodes={nodes.map((n) => ({
              id: n.id,
              name: n.name,
              cpus: n.cpus,
              memoryMb: n.memoryMb,
              diskMb: n.diskMb,
            }))}
          />
        </Card>
      </div>
    </>
  );
}
