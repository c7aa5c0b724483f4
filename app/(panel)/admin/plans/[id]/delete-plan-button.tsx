"use client";

import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { useI18n } from "@/components/i18n-provider";
import { deletePlanAction } from "../actions";

export function DeletePlanButton({ planId, name }: { planId: string; name: string }) {
  const { t } = useI18n();
  return (
    <ConfirmDeleteButton
      onDelete={async () => {
        const res = await deletePlanAction(planId);
        return res.ok ? { ok: true } : { ok: false, error: res.error };
      }}
      redirectTo="/admin/plans"
      labels={{
        button: t("plans.delete.button"),
        confirm: t("plans.delete.confirm", { name }),
        yes: t("plans.delete.yes", { name }),
      }}
    />
  );
}
