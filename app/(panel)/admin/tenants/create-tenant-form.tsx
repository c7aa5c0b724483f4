"use client";

import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { createTenantAction } from "./actions";

export function CreateTenantForm() {
  const { t } = useI18n();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = Object.fromEntries(new FormData(formEl)) as Record<string, string>;
    setBusy(true);
    setError(null);
    setCreated(null);
    const res = await createTenantAction(form);
    setBusy(false);
    if (res.ok) {
      setCreated(res.data.name);
      formEl.reset();
    } else setError({ field: res.field, message: res.error });
  }

  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label={t("tenants.newTenant")}>
      <Field id="tenant-name" name="name" label={t("common.name")} required error={errorFor("name")} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field
          id="tenant-max-containers"
          name="maxContainers"
          type="number"
          min={0}
          label={t("tenants.maxContainers")}
          hint={t("tenants.capHint")}
          error={errorFor("maxContainers")}
        />
        <Field
          id="tenant-max-ram"
          name="maxRamMb"
          type="number"
          min={0}
          label={t("tenants.maxRamMb")}
          error={errorFor("maxRamMb")}
        />
        <Field
          id="tenant-max-disk"
          name="maxDiskMb"
          type="number"
          min={0}
          label={t("tenants.maxDiskMb")}
          error={errorFor("maxDiskMb")}
        />
      </div>
      {error && !error.field ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : null}
      {created ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {t("tenants.created", { name: created })}
        </p>
      ) : null}
      <Button type="submit" disabled={isBusy}>
        {t("tenants.createTenant")}
      </Button>
    </form>
  );
}
