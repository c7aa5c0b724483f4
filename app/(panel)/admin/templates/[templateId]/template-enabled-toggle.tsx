"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { setTemplateEnabledAction } from "../actions";

export function TemplateEnabledToggle({ templateId, isEnabled }: { templateId: string; isEnabled: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setBusy(true);
    setError(null);
    const res = await setTemplateEnabledAction(templateId, !isEnabled);
    setBusy(false);
    if (res.ok) router.refresh();
    else setError(res.error);
  }

  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={onClick} disabled={isBusy}>
        {isEnabled ? t("templates.state.disable") : t("templates.state.enable")}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-rose-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
