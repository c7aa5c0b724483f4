"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { deleteTemplateAction } from "../actions";

/** Two steps (ask, then confirm), so a stray click never deletes a template. */
export function DeleteTemplateButton({ templateId, name }: { templateId: string; name: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [isAsking, setAsking] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onConfirm() {
    setBusy(true);
    setError(null);
    const res = await deleteTemplateAction(templateId);
    setBusy(false);
    if (res.ok) router.push("/admin/templates");
    else {
      setAsking(false);
      setError(res.error);
    }
  }

  return (
    <div className="space-y-2">
      {isAsking ? (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm font-medium">{t("templates.delete.confirm", { name })}</p>
          <Button variant="danger" onClick={onConfirm} disabled={isBusy}>
            {t("templates.delete.yes", { name })}
          </Button>
          <Button variant="secondary" onClick={() => setAsking(false)} disabled={isBusy}>
            {t("common.cancel")}
          </Button>
        </div>
      ) : (
        <Button variant="danger" onClick={() => setAsking(true)}>
          {t("templates.delete.button")}
        </Button>
      )}
      {error ? (
        <p role="alert" className="text-sm text-rose-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
