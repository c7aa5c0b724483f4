"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { buildTemplateAction } from "./actions";
import { type NodeOption, NodeSelect } from "./node-select";

export function BuildTemplateForm({ nodes }: { nodes: NodeOption[] }) {
  const { t } = useI18n();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [queued, setQueued] = useState<{ distro: string; node: string; taskId: string } | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    setBusy(true);
    setError(null);
    setQueued(null);
    const res = await buildTemplateAction(form);
    setBusy(false);
    if (res.ok) {
      const node = nodes.find((n) => n.id === form.nodeId)?.name ?? "";
      setQueued({ distro: form.distro ?? "", node, taskId: res.data.taskId });
    } else setError({ field: res.field, message: res.error });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label={t("templates.build.title")}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("templates.build.hint")}</p>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <NodeSelect
          id="build-node"
          nodes={nodes}
          error={error?.field === "nodeId" ? error.message : undefined}
        />
        <div className="space-y-1">
          <label htmlFor="build-distro" className="block text-sm font-medium">
            {t("templates.build.distro")}
          </label>
          <select
            id="build-distro"
            name="distro"
            defaultValue="debian-12"
            className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            <option value="debian-12">debian-12 (bookworm)</option>
            <option value="debian-11">debian-11 (bullseye)</option>
          </select>
        </div>
      </div>
      {error && error.field !== "nodeId" ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : null}
      {queued ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {t("templates.build.queued", { distro: queued.distro, node: queued.node })}{" "}
          <Link href={`/admin/tasks/${queued.taskId}`} className="underline">
            {t("templates.openTask")}
          </Link>
        </p>
      ) : null}
      <Button type="submit" disabled={isBusy || nodes.length === 0}>
        {t("templates.build.submit")}
      </Button>
    </form>
  );
}
