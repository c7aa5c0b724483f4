"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { savePreferences } from "@/app/actions/preferences";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/messages";
import { useI18n } from "./i18n-provider";

export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  return (
    <label className="inline-flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
      <span>{t("common.language")}</span>
      <select
        value={locale}
        disabled={isPending}
        onChange={(e) => {
          const next = e.target.value;
          startTransition(async () => {
            await savePreferences({ locale: next });
            router.refresh();
          });
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
