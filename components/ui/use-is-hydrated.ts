"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true from then on. A button pressed before the page
 * is hydrated has no handler yet: its form would submit natively (a GET to the page, the fields, passwords
 * too, in the URL) and the click would be lost. Buttons stay disabled until this is true.
 */
export function useIsHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
