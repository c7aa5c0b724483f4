"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { addAddressAction, changePlanAction, removeAddressAction } from "../actions";

export function AddressesAndPlan({
  containerId,
  addresses,
  plans,
  currentPlanId,
  isBusy: isContainerBusy,
}: {
  containerId: string;
  addresses: { address: string; pool: string }[];
  plans: { id: string; name: string }[];
  currentPlanId: string | null;
  isBusy: boolean;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [isBusy, setBusy] = useState(false);
  const disabled = isBusy || isContainerBusy;

  async function act(fn: () => Promise<{ ok: boolean; error?: string }>, done: string) {
    setBusy(true);
    setMessage(null);
    const res = await fn();
    setBusy(false);
    setMessage(res.ok ? { text: done, isError: false } : { text: res.error ?? "", isError: true });
    if (res.ok) router.refresh();
  }

  return (
    <div className="space-y-5">
      <ul className="space-y-1 text-sm" aria-label={t("containers.col.ips")}>
        {addresses.map((a) => (
          <li key={a.address} className="flex items-center justify-between gap-2">
            <span>
              <span className="font-mono">{a.address}</span>{" "}
              <span className="text-xs text-slate-500">({a.pool})</span>
            </span>
            <button
              type="button"
              disabled={disabled || addresses.length < 2}
              aria-label={`${t("containers.ip.remove")} ${a.address}`}
              onClick={() =>
                act(
                  () => removeAddressAction(containerId, a.address),
                  t("containers.action.queued", { action: t("containers.ip.remove") }),
                )
              }
              className="rounded-md border border-slate-300 px-2 py-0.5 text-xs disabled:opacity-50 dark:border-slate-700"
            >
              {t("containers.ip.remove")}
            </button>
          </li>
        ))}
      </ul>
      <form
        aria-label={t("containers.ip.add")}
        className="flex items-end gap-2"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const address = String(new FormData(e.currentTarget).get("address") ?? "");
          void act(
            () => addAddressAction(containerId, address),
            t("containers.action.queued", { action: t("containers.ip.add") }),
          );
        }}
      >
        <div className="flex-1">
          <Field
            id="add-address"
            name="address"
            label={t("containers.ip.address")}
            hint={t("containers.ip.hint")}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={disabled}>
          {t("containers.ip.add")}
        </Button>
      </form>
      <form
        aria-label={t("containers.plan.change")}
        className="flex items-end gap-2"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const planId = String(new FormData(e.currentTarget).get("planId") ?? "");
          void act(
            () => changePlanAction(containerId, planId),
            t("containers.action.queued", { action: t("containers.plan.change") }),
          );
        }}
      >
        <div className="flex-1 space-y-1">
          <label htmlFor="change-plan" className="block text-sm font-medium">
            {t("containers.form.plan")}
          </label>
          <select
            id="change-plan"
            name="planId"
            defaultValue={currentPlanId ?? ""}
            className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary" disabled={disabled}>
          {t("containers.plan.change")}
        </Button>
      </form>
      {message ? (
        <p
          role={message.isError ? "alert" : "status"}
          className={`text-sm ${message.isError ? "text-rose-600" : ""}`}
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
