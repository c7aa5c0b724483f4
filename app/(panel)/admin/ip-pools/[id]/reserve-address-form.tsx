"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { reserveAddressAction } from "../actions";

export function ReserveAddressForm({ poolId }: { poolId: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    setBusy(true);
    setError(null);
    setDone(null);
    const res = await reserveAddressAction(poolId, {
      address: String(form.get("address") ?? ""),
      note: String(form.get("note") ?? ""),
    });
    setBusy(false);
    if (!res.ok) return setError({ field: res.field, message: res.error });
    setDone(t("ipPools.reserved.added", { address: res.data.address }));
    formEl.reset();
    router.refresh();
  }

  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <form onSubmit={onSubmit} aria-label={t("ipPools.reserved.add")} className="space-y-3" noValidate>
      <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[1fr_2fr_auto]">
        <Field
          id="reserve-address"
          name="address"
          label={t("ipPools.reserved.address")}
          required
          autoComplete="off"
          spellCheck={false}
          error={errorFor("address")}
        />
        <Field id="reserve-note" name="note" label={t("ipPools.reserved.note")} error={errorFor("note")} />
        <Button type="submit" disabled={isBusy} className="sm:mt-6">
          {t("ipPools.reserved.add")}
        </Button>
      </div>
      {error && error.field !== "address" && error.field !== "note" ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {done}
        </p>
      ) : null}
    </form>
  );
}
