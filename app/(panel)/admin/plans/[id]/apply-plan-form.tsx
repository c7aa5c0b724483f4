"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import { applyPlanAction } from "../actions";

type PlanContainer = {
  id: string;
  ctid: number;
  hostname: string;
  status: string;
  nodeName: string;
  tenantName: string;
  matchesPlan: boolean;
  activeTask: { id: string; type: string; status: string } | null;
};

type Outcome = { containerId: string; text: string; isOk: boolean };

/** The containers using a plan, with checkboxes: "apply" queues one container.apply-plan task each. */
export function ApplyPlanForm({ planId, containers }: { planId: string; containers: PlanContainer[] }) {
  const { t } = useI18n();
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const isAllSelected = selected.size === containers.length;

  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setOutcomes(null);
    setError(null);
    if (selected.size === 0) return setError(t("plans.containers.applyNone"));
    setBusy(true);
    const res = await applyPlanAction(planId, [...selected]);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setOutcomes(
      res.data.map((r) => ({
        containerId: r.containerId,
        isOk: r.ok,
        text: r.ok
          ? t("plans.containers.queued", { ctid: r.ctid ?? "?" })
          : t("plans.containers.failed", { ctid: r.ctid ?? "?", error: r.error }),
      })),
    );
    setSelected(new Set());
    router.refresh();
  }

  const queued = outcomes?.filter((o) => o.isOk).length ?? 0;
  return (
    <form onSubmit={onSubmit} aria-label={t("plans.containers.title")} className="space-y-3">
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
          <caption className="sr-only">{t("plans.containers.title")}</caption>
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500 dark:bg-slate-900">
            <tr>
              <th scope="col" className="px-3 py-2">
                <input
                  type="checkbox"
                  className="h-4 w-4"
                  aria-label={t("plans.containers.selectAll")}
                  checked={isAllSelected}
                  onChange={(e) =>
                    setSelected(e.target.checked ? new Set(containers.map((c) => c.id)) : new Set())
                  }
                />
              </th>
              <th scope="col" className="px-3 py-2">
                {t("containers.col.ctid")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("containers.col.hostname")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("containers.col.node")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("containers.col.tenant")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("common.status")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("plans.containers.col.limits")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("plans.containers.col.task")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {containers.map((c) => (
              <tr key={c.id}>
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    className="h-4 w-4"
                    aria-label={t("plans.containers.select", { ctid: c.ctid, hostname: c.hostname })}
                    checked={selected.has(c.id)}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                  />
                </td>
                <td className="px-3 py-2 font-mono">
                  <Link
                    href={`/admin/containers/${c.id}`}
                    className="text-brand-700 underline dark:text-sky-300"
                  >
                    {c.ctid}
                  </Link>
                </td>
                <td className="px-3 py-2">{c.hostname}</td>
                <td className="px-3 py-2">{c.nodeName}</td>
                <td className="px-3 py-2">{c.tenantName}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={c.status} />
                </td>
                <td className="px-3 py-2">
                  {c.matchesPlan ? (
                    t("plans.containers.matches")
                  ) : (
                    <span className="font-medium text-amber-700 dark:text-amber-400">
                      {t("plans.containers.differs")}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">
                  {c.activeTask ? (
                    <span>
                      {c.activeTask.type} <StatusBadge status={c.activeTask.status} />
                    </span>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-rose-600">
          {error}
        </p>
      ) : null}
      {outcomes ? (
        <div role="status" className="space-y-1 text-sm">
          <p className="font-medium">
            {t("plans.containers.summary", { queued, failed: outcomes.length - queued })}
          </p>
          <ul className="list-disc pl-5">
            {outcomes.map((o) => (
              <li
                key={o.containerId}
                className={o.isOk ? "text-emerald-700 dark:text-emerald-400" : "text-rose-600"}
              >
                {o.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Button type="submit" disabled={isBusy}>
        {t("plans.containers.apply")}
      </Button>
    </form>
  );
}
