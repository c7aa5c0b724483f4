"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";
import { useI18n } from "./i18n-provider";

/** On small screens the sidebar folds away behind a menu button; on wide screens it is always shown. */
export function MobileNavToggle({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [isOpen, setOpen] = useState(false);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the menu whenever the page changes
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        aria-expanded={isOpen}
        aria-controls="sidebar"
        onClick={() => setOpen((v) => !v)}
        className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm lg:hidden dark:border-slate-700"
      >
        {isOpen ? t("nav.closeMenu") : t("nav.openMenu")}
      </button>
      <div id="sidebar" className={`${isOpen ? "block" : "hidden"} lg:block`}>
        {children}
      </div>
    </>
  );
}
