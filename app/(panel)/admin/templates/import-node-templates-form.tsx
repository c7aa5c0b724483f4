"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { importNodeTemplatesAction } from "./actions";
import { type NodeOption, NodeSelect } from "./node-select";

export function ImportNodeTemplatesForm({ nodes }: { nodes: NodeOption[] }) {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ added: string[]; mismatched: string[] } | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nodeId = String(new FormData(event.currentTarget).get("nodeId") ?? "");
    setBusy(true);
    setError(null);
    setOutcome(null);
    const res = await importNodeTemplatesAction({ nodeId });
    setBusy(false);
    if (res.ok) {
      setOutcome(res.data);
      router.refresh();
    } else setError(res.error);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label={t("templates.import.title")}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("templates.import.hint")}</p>
      <NodeSelect id="import-node" nodes={nodes} />
      {error ? (
        <p role="alert" className="text-sm text-rose-600">
          {error}
        </p>
      ) : null}
      {outcome ? (
        <div role="status" className="space-y-1 text-sm">
          <p className="text-emerald-700 dark:text-emerald-400">
            {outcome.added.length
              ? t("templates.import.added", { names: outcome.added.join(", ") })
              : t("templates.import.nothing")}
          </p>
          {outcome.mismatched.length ? (
            <p className="text-amber-700 dark:text-amber-400">
              {t("templates.import.mismatched", { names: outcome.mismatched.join(", ") })}
            </p>
          ) : null}
        </div>
      ) : null}
      <Button type="submit" disabled={isBusy || nodes.length === 0}>
        {t("templates.import.submit")}
      </Button>
    </form>
  );
}
