"use client";

import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { updateTenantAction } from "../actions";

type Tenant = {
  id: string;
  name: string;
  maxContainers: number | null;
  maxRamMb: number | null;
  maxDiskMb: number | null;
};

export function TenantCapsForm({ tenant }: { tenant: Tenant }) {
  const { t } = useI18n();
  const [message, setMessage] = useState<{ text: string; isError: boolean; field?: string } | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const res = await updateTenantAction(
      tenant.id,
      Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>,
    );
    setMessage(
      res.ok
        ? { text: t("common.saved"), isError: false }
        : { text: res.error, isError: true, field: res.field },
    );
  }
  const errorFor = (f: string) => (message?.isError && message.field === f ? message.text : undefined);
  return (
    <form onSubmit={onSubmit} aria-label={t("tenants.caps")} className="space-y-3">
      <Field
        id="tenant-name"
        name="name"
        label={t("common.name")}
        defaultValue={tenant.name}
        error={errorFor("name")}
      />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field
          id="tenant-max-containers"
          name="maxContainers"
          type="number"
          min={0}
          label={t("tenants.maxContainers")}
          defaultValue={tenant.maxContainers ?? ""}
          hint={t("tenants.capHint")}
          error={errorFor("maxContainers")}
        />
        <Field
          id="tenant-max-ram"
          name="maxRamMb"
          type="number"
          min={0}
          label={t("tenants.maxRamMb")}
          defaultValue={tenant.maxRamMb ?? ""}
          error={errorFor("maxRamMb")}
        />
        <Field
          id="tenant-max-disk"
          name="maxDiskMb"
          type="number"
          min={0}
          label={t("tenants.maxDiskMb")}
          defaultValue={tenant.maxDiskMb ?? ""}
          error={errorFor("maxDiskMb")}
        />
      </div>
      <Button type="submit">{t("common.save")}</Button>
      {message && !message.field ? (
        <p role={message.isError ? "alert" : "status"} className="text-sm">
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
