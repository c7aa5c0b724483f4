"use client";

import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { useI18n } from "@/components/i18n-provider";
import { deleteTemplateAction } from "../actions";

export function DeleteTemplateButton({ templateId, name }: { templateId: string; name: string }) {
  const { t } = useI18n();
  return (
    <ConfirmDeleteButton
      onDelete={async () => {
        const res = await deleteTemplateAction(templateId);
        return res.ok ? { ok: true } : { ok: false, error: res.error };
      }}
      redirectTo="/admin/templates"
      labels={{
        button: t("templates.delete.button"),
        confirm: t("templates.delete.confirm", { name }),
        yes: t("templates.delete.yes", { name }),
      }}
    />
  );
}
