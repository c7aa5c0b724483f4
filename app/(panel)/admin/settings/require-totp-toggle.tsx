"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useI18n } from "@/components/i18n-provider";
import { setRequireAdminTotpAction } from "./actions";

export function RequireTotpToggle({ initial }: { initial: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const [isOn, setOn] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <label className="flex items-start gap-3">
        <input
          type="checkbox"
          className="mt-1 h-4 w-4"
          checked={isOn}
          onChange={(e) => {
            const next = e.target.checked;
            // Optimistic: the box follows the click at once and flips back if the server refuses.
            setOn(next);
            setMessage(null);
            startTransition(async () => {
              const res = await setRequireAdminTotpAction(next);
              if (res.ok) {
                setMessage(t("common.saved"));
                router.refresh();
              } else {
                setOn(!next);
                setMessage(res.reason === "enrol-first" ? t("settings.enrolFirst") : res.error);
              }
            });
          }}
        />
        <span>
          <span className="block text-sm font-medium">{t("settings.requireAdminTotp")}</span>
          <span className="block text-xs text-slate-500">{t("settings.requireAdminTotpHint")}</span>
        </span>
      </label>
      {message ? (
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          {message}
        </p>
      ) : null}
    </div>
  );
}
