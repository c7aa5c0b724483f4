"use client";

import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { formatMb } from "@/lib/format";
import { proposeSplitAction } from "./actions";
import { PlanForm, type PlanFormValues } from "./plan-form";

export type SplitNode = {
  id: string;
  name: string;
  cpus: number | null;
  memoryMb: number | null;
  diskMb: number | null;
};

const selectClass =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-950";

/**
 * The new-plan form, with "split a node into N" (vzsplit) above it: a proposal fills the form in for the
 * admin to review, name and create. Nothing is saved until they do.
 */
export function NewPlanPanel({ nodes }: { nodes: SplitNode[] }) {
  const { t } = useI18n();
  const [proposal, setProposal] = useState<{
    values: PlanFormValues;
    message: string;
    serial: number;
  } | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onPropose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const res = await proposeSplitAction({
      nodeId: String(form.get("nodeId") ?? ""),
      count: String(form.get("count") ?? ""),
    });
    setBusy(false);
    if (!res.ok) return setError({ field: res.field, message: res.error });
    setProposal((prev) => ({
      values: res.data.values,
      serial: (prev?.serial ?? 0) + 1,
      message: t("plans.split.proposed", {
        count: res.data.count,
        node: res.data.nodeName,
        reservedMemory: formatMb(res.data.reservedMemoryMb),
        reservedDisk: formatMb(res.data.reservedDiskMb),
      }),
    }));
  }

  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <div className="space-y-6">
      <form
        onSubmit={onPropose}
        aria-label={t("plans.split.title")}
        className="space-y-3 rounded-lg bg-slate-50 p-4 dark:bg-slate-950/50"
      >
        <h3 className="text-sm font-semibold">{t("plans.split.title")}</h3>
        <p className="text-xs text-slate-600 dark:text-slate-400">{t("plans.split.hint")}</p>
        {nodes.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t("plans.split.noNodes")}</p>
        ) : (
          <div className="grid grid-cols-1 items-end gap-3 sm:grid-cols-[2fr_1fr_auto]">
            <div className="space-y-1">
              <label htmlFor="split-node" className="block text-sm font-medium">
                {t("plans.split.node")}
              </label>
              <select
                id="split-node"
                name="nodeId"
                defaultValue=""
                required
                aria-invalid={errorFor("nodeId") ? true : undefined}
                aria-describedby={errorFor("nodeId") ? "split-node-error" : undefined}
                className={selectClass}
              >
                <option value="">{t("plans.split.chooseNode")}</option>
                {nodes.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.cpus && n.memoryMb && n.diskMb
                      ? t("plans.split.capacity", {
                          name: n.name,
                          cpus: n.cpus,
                          memory: formatMb(n.memoryMb),
                          disk: formatMb(n.diskMb),
                        })
                      : t("plans.split.noCapacity", { name: n.name })}
                  </option>
                ))}
              </select>
              {errorFor("nodeId") ? (
                <p id="split-node-error" role="alert" className="text-xs text-rose-600">
                  {errorFor("nodeId")}
                </p>
              ) : null}
            </div>
            <Field
              id="split-count"
              name="count"
              type="number"
              min={1}
              max={10000}
              required
              defaultValue="4"
              label={t("plans.split.count")}
              error={errorFor("count")}
            />
            <Button type="submit" variant="secondary" disabled={isBusy}>
              {t("plans.split.propose")}
            </Button>
          </div>
        )}
        {error && error.field !== "nodeId" && error.field !== "count" ? (
          <p role="alert" className="text-sm text-rose-600">
            {error.message}
          </p>
        ) : null}
      </form>
      <PlanForm
        key={proposal?.serial ?? 0}
        initial={proposal?.values}
        idPrefix="new-plan"
        banner={
          proposal ? (
            <p
              role="status"
              className="rounded-lg bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-200"
            >
              {proposal.message}
            </p>
          ) : null
        }
      />
    </div>
  );
}
