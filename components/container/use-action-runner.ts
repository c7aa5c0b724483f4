"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** What a server action returns (lib/errors/action-result.ts), as the client sees it. */
export type ActionOutcome<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: string; field?: string; reason?: string };

export type Feedback = { text: string; isError: boolean; field?: string };

/**
 * Runs a server action from a form: one at a time, its outcome as text, and the page refreshed on
 * success so the queued task and its progress appear from the server.
 */
export function useActionRunner() {
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function run<T>(
    action: () => Promise<ActionOutcome<T>>,
    options: { done: string; translateError?: (res: { error: string; reason?: string }) => string },
  ): Promise<T | null> {
    setBusy(true);
    setFeedback(null);
    try {
      const res = await action();
      if (res.ok) {
        setFeedback({ text: options.done, isError: false });
        router.refresh();
        return res.data;
      }
      setFeedback({ text: options.translateError?.(res) ?? res.error, isError: true, field: res.field });
      return null;
    } finally {
      setBusy(false);
    }
  }

  return { run, feedback, setFeedback, isBusy };
}
