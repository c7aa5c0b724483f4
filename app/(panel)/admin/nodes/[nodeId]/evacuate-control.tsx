"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { getTaskStatusLabel } from "@/components/container/task-type-label";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
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
    active: { id: string; progress: number; phase: string | null } | null;
    /** How the last evacuation of this node ended: the node page lists no tasks of its own. */
    last: { id: string; status: string; error: string | null } | null;
  };
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [isBusy, setBusy] = useState(false);

  const last = state.last ? (
    <div className="space-y-1 text-sm" data-testid="last-evacuation">
      <p className="flex flex-wrap items-center gap-2">
        {t("migration.evacuate.last")}{" "}
        <StatusBadge status={state.last.status} label={getTaskStatusLabel(t, state.last.status)} />{" "}
        <Link href={`/admin/tasks/${state.last.id}`} className="text-brand-600 hover:underline">
          {t("migration.evacuate.openTask")}
        </Link>
      </p>
      {state.last.error ? (
        <p className="text-xs text-rose-700 dark:text-rose-300">{state.last.error}</p>
      ) : null}
    </div>
  ) : null;

  if (state.active)
    return (
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span role="status">
          {t("migration.evacuate.running", {
            phase: state.active.phase ?? "…",
            progress: String(state.active.progress),
          })}
        </span>
        <Link href={`/admin/tasks/${state.active.id}`} className="text-brand-600 hover:underline">
          {t("migration.evacuate.openTask")}
        </Link>
      </p>
    );
  if (state.containers === 0)
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-500">{t("migration.evacuate.empty")}</p>
        {last}
      </div>
    );

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
      {last}
    </form>
  );
}
