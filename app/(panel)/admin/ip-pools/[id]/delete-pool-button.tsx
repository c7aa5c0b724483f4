"use client";

import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { useI18n } from "@/components/i18n-provider";
import { deletePoolAction } from "../actions";

export function DeletePoolButton({ poolId, name }: { poolId: string; name: string }) {
  const { t } = useI18n();
  return (
    <ConfirmDeleteButton
      onDelete={async () => {
        const res = await deletePoolAction(poolId);
        return res.ok ? { ok: true } : { ok: false, error: res.error };
      }}
      redirectTo="/admin/ip-pools"
      labels={{
        button: t("ipPools.delete.button"),
        confirm: t("ipPools.delete.confirm", { name }),
        yes: t("ipPools.delete.yes", { name }),
      }}
    />
  );
}
