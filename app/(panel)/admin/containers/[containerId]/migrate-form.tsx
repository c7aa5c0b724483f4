"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { migrateContainerAction } from "./migration-actions";

type Target = {
  id: string;
  name: string;
  problem: "offline" | "drained" | "pool" | null;
  canCheckpoint: boolean;
};

/** The admin's Migrate action: target node, mode, fallback and renumbering; queues a container.migrate task. */
export function MigrateForm({
  containerId,
  targets,
  isBusy: isContainerBusy,
  canCheckpointHere,
}: {
  containerId: string;
  targets: Target[];
  isBusy: boolean;
  canCheckpointHere: boolean;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [mode, setMode] = useState("online");
  const [targetId, setTargetId] = useState(targets.find((x) => !x.problem)?.id ?? targets[0]?.id ?? "");
  const target = targets.find((x) => x.id === targetId);
  const liveUnavailable = !canCheckpointHere || (target ? !target.canCheckpoint : false);

  if (targets.length === 0) return <p className="text-sm text-slate-500">{t("migration.noTargets")}</p>;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setMessage(null);
    const res = await migrateContainerAction(containerId, {
      targetNodeId: String(f.get("targetNodeId") ?? ""),
      mode: String(f.get("mode") ?? "online"),
      fallbackOnline: f.get("fallbackOnline") === "on",
      renumber: f.get("renumber") === "on",
    });
    setBusy(false);
    setMessage(
      res.ok ? { text: t("migration.queued"), isError: false } : { text: res.error ?? "", isError: true },
    );
    if (res.ok) router.refresh();
  }

  return (
    <form aria-label={t("migration.title")} className="space-y-4" onSubmit={onSubmit}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("migration.intro")}</p>
      <div className="space-y-1">
        <label htmlFor={`migrate-target-${containerId}`} className="block text-sm font-medium">
          {t("migration.target")}
        </label>
        <select
          id={`migrate-target-${containerId}`}
          name="targetNodeId"
          value={targetId}
          onChange={(e) => setTargetId(e.target.value)}
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
        >
          {targets.map((n) => (
            <option key={n.id} value={n.id}>
              {n.problem ? `${n.name} (${t(`migration.problem.${n.problem}`)})` : n.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">{t("migration.mode")}</legend>
        {(["online", "offline", "live"] as const).map((m) => (
          <label key={m} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="mode"
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
              className="mt-1"
            />
            <span>
              {t(`migration.mode.${m}`)}
              {m === "live" && liveUnavailable ? (
                <span className="block text-xs text-amber-700 dark:text-amber-300">
                  {t("migration.liveUnavailable")}
                </span>
              ) : null}
            </span>
          </label>
        ))}
      </fieldset>
      {mode === "live" ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="fallbackOnline" defaultChecked={liveUnavailable} />
          {t("migration.fallback")}
        </label>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="renumber" />
        {t("migration.renumber")}
      </label>
      <Button type="submit" disabled={isBusy || isContainerBusy}>
        {t("migration.submit")}
      </Button>
      {message ? (
        <p
          role={message.isError ? "alert" : "status"}
          className={
            message.isError
              ? "text-sm text-rose-700 dark:text-rose-300"
              : "text-sm text-emerald-700 dark:text-emerald-300"
          }
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
