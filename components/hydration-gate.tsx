"use client";

import type { ReactNode } from "react";
import { useIsHydrated } from "./ui/use-is-hydrated";

/**
 * Every form control of the page is disabled until React has hydrated it. Before that, text typed into a field
 * whose value React keeps in state would be dropped at hydration (the state never hears of it), and a press would
 * find no handler. A disabled fieldset disables what it holds; `display: contents` keeps it out of the layout.
 * The page hydrates as one piece (no Suspense boundaries); Button keeps its own guard for any that come later.
 */
export function HydrationGate({ children }: { children: ReactNode }) {
  const isHydrated = useIsHydrated();
  return (
    <fieldset disabled={!isHydrated} role="presentation" className="contents">
      {children}
    </fieldset>
  );
}
