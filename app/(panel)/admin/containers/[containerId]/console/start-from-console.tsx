"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { powerAction } from "../../../../container-actions";

/** A stopped container's console says so and offers Start; the page reloads into the console once it runs. */
export function StartFromConsole({ containerId, message }: { containerId: string; message: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isStarting, setStarting] = useState(false);
  useEffect(() => {
    if (!isStarting) return;
    const id = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(id);
  }, [isStarting, router]);
  return (
    <div
      role="status"
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-6 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <p>{message}</p>
      <Button
        disabled={isStarting}
        onClick={async () => {
          const res = await powerAction(containerId, "start");
          if (res.ok) setStarting(true);
          else setError(res.error);
        }}
      >
        {t("containers.action.start")}
      </Button>
      {error ? <p className="text-rose-600">{error}</p> : null}
    </div>
  );
}
