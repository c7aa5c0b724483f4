"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { savePreferences } from "@/app/actions/preferences";
import { THEMES, type Theme } from "@/lib/preferences/preferences";
import { useI18n } from "./i18n-provider";

export function ThemeSwitch({ theme }: { theme: Theme }) {
  const { t } = useI18n();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  return (
    <label className="inline-flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
      <span>{t("common.theme")}</span>
      <select
        value={theme}
        disabled={isPending}
        onChange={(e) => {
          const next = e.target.value;
          startTransition(async () => {
            await savePreferences({ theme: next });
            router.refresh();
          });
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {THEMES.map((th) => (
          <option key={th} value={th}>
            {t(`common.theme.${th}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
