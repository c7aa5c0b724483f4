"use client";

import { type FormEvent, useState } from "react";
import { FeedbackText } from "../container/feedback-text";
import { type ActionOutcome, useActionRunner } from "../container/use-action-runner";
import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

type Tenant = { id: string; name: string; maxBackups: number | null; maxBackupMb: number | null };

/**
 * The admin sets a tenant's backup quota: how many backups, and how many MB, its customers may keep. On a tenant's own
 * page (isTenantFixed) there is no tenant to choose.
 */
export function BackupQuotaForm({
  tenants,
  isTenantFixed = false,
  onSave,
}: {
  tenants: Tenant[];
  isTenantFixed?: boolean;
  onSave: (
    tenantId: string,
    input: { maxBackups: number | null; maxBackupMb: number | null },
  ) => Promise<ActionOutcome<unknown>>;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  const [tenantId, setTenantId] = useState(tenants[0]?.id ?? "");
  const current = tenants.find((x) => x.id === tenantId);
  const num = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : Number(v));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    await run(
      () =>
        onSave(tenantId, { maxBackups: num(f.get("maxBackups")), maxBackupMb: num(f.get("maxBackupMb")) }),
      {
        done: t("backups.quotaSaved"),
      },
    );
  }

  if (tenants.length === 0) return null;
  return (
    <form
      onSubmit={onSubmit}
      aria-label={t("backups.quotaTitle")}
      className="flex flex-wrap items-end gap-3"
      key={tenantId}
    >
      <div className={isTenantFixed ? "hidden" : "space-y-1"}>
        <label htmlFor="quota-tenant" className="block text-sm font-medium">
          {t("backups.tenant")}
        </label>
        <select
          id="quota-tenant"
          value={tenantId}
          onChange={(e) => setTenantId(e.target.value)}
          className="block rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
        >
          {tenants.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      <Field
        id="quota-count"
        name="maxBackups"
        type="number"
        min={0}
        label={t("backups.maxBackups")}
        defaultValue={current?.maxBackups ?? ""}
      />
      <Field
        id="quota-mb"
        name="maxBackupMb"
        type="number"
        min={0}
        label={t("backups.maxBackupMb")}
        defaultValue={current?.maxBackupMb ?? ""}
      />
      <Button type="submit" disabled={isBusy}>
        {t("common.save")}
      </Button>
      <div className="w-full">
        <FeedbackText feedback={feedback} />
      </div>
    </form>
  );
}
