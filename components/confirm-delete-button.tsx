"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useI18n } from "./i18n-provider";
import { Button } from "./ui/button";

/**
 * Delete in two steps (ask, then confirm with the thing's name on the button), so a stray click never
 * deletes anything. On success it goes to `redirectTo`; a refusal (e.g. still in use) is shown as said.
 */
export function ConfirmDeleteButton({
  onDelete,
  redirectTo,
  labels,
}: {
  onDelete: () => Promise<{ ok: true } | { ok: false; error: string }>;
  redirectTo: string;
  labels: { button: string; confirm: string; yes: string };
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [isAsking, setAsking] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onConfirm() {
    setBusy(true);
    setError(null);
    const res = await onDelete();
    setBusy(false);
    if (res.ok) router.push(redirectTo);
    else {
      setAsking(false);
      setError(res.error);
    }
  }

  return (
    <div className="space-y-2">
      {isAsking ? (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm font-medium">{labels.confirm}</p>
          <Button variant="danger" onClick={onConfirm} disabled={isBusy}>
            {labels.yes}
          </Button>
          <Button variant="secondary" onClick={() => setAsking(false)} disabled={isBusy}>
            {t("common.cancel")}
          </Button>
        </div>
      ) : (
        <Button variant="danger" onClick={() => setAsking(true)}>
          {labels.button}
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
