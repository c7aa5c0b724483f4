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
  const [isPending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <label className="flex items-start gap-3">
        <input
          type="checkbox"
          className="mt-1 h-4 w-4"
          checked={isOn}
          disabled={isPending}
          onChange={(e) => {
            const next = e.target.checked;
            startTransition(async () => {
              const res = await setRequireAdminTotpAction(next);
              if (res.ok) {
                setOn(next);
                setMessage(t("common.saved"));
                router.refresh();
              } else {
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
