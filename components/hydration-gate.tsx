"use client";

import { type ReactNode, useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * Every control of the page (field, select, button) is disabled until React has hydrated it. Before that a
 * press finds no handler: a form would be sent natively (a GET to the page with its fields, passwords too, in
 * the URL) and the press lost; text typed into a field whose value React keeps in state would be dropped at
 * hydration. A disabled fieldset disables what it holds; `display: contents` keeps it out of the layout. The
 * hydrated flag is false in the server's HTML and during hydration, true after. The page hydrates as one piece
 * (the app has no Suspense boundaries); content behind one added later would need its own guard.
 */
export function HydrationGate({ children }: { children: ReactNode }) {
  const isHydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return (
    <fieldset disabled={!isHydrated} role="presentation" className="contents">
      {children}
    </fieldset>
  );
}
