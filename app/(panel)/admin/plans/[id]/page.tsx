import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { orNotFound } from "@/lib/errors/or-not-found";
import { getPlan } from "@/lib/plans/get-plan";
import { toPlanFormValues } from "@/lib/plans/plan-form-values";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { PlanForm } from "../plan-form";
import { ApplyPlanForm } from "./apply-plan-form";
import { DeletePlanButton } from "./delete-plan-button";

export const generateMetadata = adminPageMetadata("Plan");

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("plan.manage");
  const { t } = await getTranslator();
  const { id } = await params;
  const plan = await orNotFound(getPlan({ actor, planId: id }));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/plans" className="text-brand-700 underline dark:text-sky-300">
          {t("plans.backToList")}
        </Link>
      </p>
      <PageHeader
        title={plan.name}
        subtitle={[t("plans.sampleFile", { name: plan.name }), plan.description].filter(Boolean).join(" · ")}
      />
      <div className="space-y-6">
        <Card title={t("plans.editPlan")}>
          <PlanForm planId={plan.id} initial={toPlanFormValues(plan)} idPrefix="edit-plan" />
        </Card>
        <Card title={t("plans.containers.title")}>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t("plans.containers.hint")}</p>
          {plan.containers.length < plan.containerCount ? (
            <p className="mb-3 text-sm">
              {t("plans.containers.shown", { shown: plan.containers.length, count: plan.containerCount })}
            </p>
          ) : null}
          {plan.containers.length === 0 ? (
            <p className="text-sm text-slate-500">{t("plans.containers.empty")}</p>
          ) : (
            <ApplyPlanForm planId={plan.id} containers={plan.containers} />
          )}
        </Card>
        <Card title={t("plans.delete.title")}>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t("plans.delete.hint")}</p>
          <DeletePlanButton planId={plan.id} name={plan.name} />
        </Card>
      </div>
    </>
  );
}
