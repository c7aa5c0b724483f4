"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { evacuateNodeAction } from "./evacuate-actions";

/** "Evacuate node": migrates all of a node's containers, one by one, to the other nodes. */
export function EvacuateControl({
  node,
  state,
}: {
  node: { id: string; name: string };
  state: {
    containers: number;
    hasOtherNodes: boolean;
    active: { progress: number; phase: string | null } | null;
  };
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [isBusy, setBusy] = useState(false);

  if (state.active)
    return (
      <p role="status" className="text-sm">
        {t("migration.evacuate.running", {
          phase: state.active.phase ?? "…",
          progress: String(state.active.progress),
        })}
      </p>
    );
  if (state.containers === 0)
    return <p className="text-sm text-slate-500">{t("migration.evacuate.empty")}</p>;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!window.confirm(t("migration.evacuate.confirm", { name: node.name }))) return;
    const mode = String(new FormData(e.currentTarget).get("mode") ?? "online");
    setBusy(true);
    setMessage(null);
    const res = await evacuateNodeAction(node.id, { mode, fallbackOnline: true });
    setBusy(false);
    setMessage(
      res.ok
        ? { text: t("migration.evacuate.queued"), isError: false }
        : { text: res.error ?? "", isError: true },
    );
    if (res.ok) router.refresh();
  }

  return (
    <form aria-label={t("migration.evacuate.title")} className="space-y-3" onSubmit={onSubmit}>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t("migration.evacuate.intro", { count: String(state.containers) })}
      </p>
      {state.hasOtherNodes ? null : (
        <p role="alert" className="text-sm text-amber-700 dark:text-amber-300">
          {t("migration.evacuate.onlyNode")}
        </p>
      )}
      <div className="space-y-1">
        <label htmlFor={`evacuate-mode-${node.id}`} className="block text-sm font-medium">
          {t("migration.mode")}
        </label>
        <select
          id={`evacuate-mode-${node.id}`}
          name="mode"
          defaultValue="online"
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
        >
          <option value="online">{t("migration.mode.online")}</option>
          <option value="offline">{t("migration.mode.offline")}</option>
        </select>
      </div>
      <Button type="submit" variant="secondary" disabled={isBusy || !state.hasOtherNodes}>
        {t("migration.evacuate.submit")}
      </Button>
      {message ? (
        <p
          role={message.isError ? "alert" : "status"}
          className={message.isError ? "text-sm text-rose-700" : "text-sm text-emerald-700"}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
