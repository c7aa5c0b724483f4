"use client";

import { signOut } from "next-auth/react";
import { useI18n } from "./i18n-provider";

export function SignOutButton() {
  const { t } = useI18n();
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/login" })}
      className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      {t("nav.signOut")}
    </button>
  );
}
