"use client";

import Link from "next/link";
import { type FormEvent, type ReactNode, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { createContainerAction } from "../actions";

type Option = { id: string; name: string };
type Options = {
  tenants: Option[];
  nodes: (Option & { status: string; isDisabled: boolean })[];
  templates: Option[];
  plans: (Option & { ramMb: number; diskspaceMb: number })[];
  pools: (Option & { cidr: string })[];
};

const selectClass =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-950";

function Select({
  id,
  label,
  error,
  children,
  ...rest
}: {
  id: string;
  label: string;
  error?: string;
  children: ReactNode;
} & React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={selectClass}
        {...rest}
      >
        {children}
      </select>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-rose-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Created = {
  containerId: string;
  ctid: number;
  nodeName: string;
  addresses: string[];
  generatedPassword: string | null;
};

export function CreateContainerForm({
  options,
  defaultTenantId,
}: {
  options: Options;
  defaultTenantId: string;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [isBusy, setBusy] = useState(false);

  const missing = [
    options.tenants.length === 0 ? t("nav.tenants") : null,
    options.nodes.length === 0 ? t("nav.nodes") : null,
    options.templates.length === 0 ? t("nav.templates") : null,
    options.plans.length === 0 ? t("nav.plans") : null,
    options.pools.length === 0 ? t("nav.ipPools") : null,
  ].filter(Boolean);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input: Record<string, string | boolean> = {};
    for (const [k, v] of form.entries()) input[k] = String(v);
    input.start = form.get("start") === "on";
    setBusy(true);
    setError(null);
    const res = await createContainerAction(input);
    setBusy(false);
    if (res.ok) setCreated(res.data);
    else setError({ field: res.field, message: res.error });
  }

  if (created) {
    return (
      <div
        role="status"
        className="space-y-3 rounded-xl border border-emerald-200 bg-emerald-50 p-5 text-sm dark:border-emerald-900 dark:bg-emerald-950"
      >
        <p>
          {t("containers.created", { ctid: created.ctid, node: created.nodeName })}{" "}
          {created.addresses.join(", ")}
        </p>
        {created.generatedPassword ? (
          <p>
            {t("containers.generatedPassword")}{" "}
            <code data-testid="root-password" className="font-mono">
              {created.generatedPassword}
            </code>
          </p>
        ) : null}
        <Link
          href={`/admin/containers/${created.containerId}`}
          className="font-medium text-brand-600 hover:underline"
        >
          {t("containers.openContainer")}
        </Link>
      </div>
    );
  }

  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <form
      onSubmit={onSubmit}
      aria-label={t("containers.new")}
      className="space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      {missing.length ? (
        <p
          role="status"
          className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          {t("containers.form.missing", { what: missing.join(", ") })}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Select
          id="tenantId"
          name="tenantId"
          label={t("containers.form.tenant")}
          defaultValue={defaultTenantId}
          error={errorFor("tenantId")}
        >
          <option value="">{t("containers.form.choose")}</option>
          {options.tenants.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </Select>
        <Select
          id="nodeId"
          name="nodeId"
          label={t("containers.form.node")}
          defaultValue="auto"
          error={errorFor("nodeId")}
        >
          <option value="auto">{t("containers.form.bestFit")}</option>
          {options.nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name} ({n.status.toLowerCase()}
              {n.isDisabled ? ", drained" : ""})
            </option>
          ))}
        </Select>
        <Select
          id="templateId"
          name="templateId"
          label={t("containers.form.template")}
          defaultValue=""
          error={errorFor("templateId")}
        >
          <option value="">{t("containers.form.choose")}</option>
          {options.templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </Select>
        <Select
          id="planId"
          name="planId"
          label={t("containers.form.plan")}
          defaultValue=""
          error={errorFor("planId")}
        >
          <option value="">{t("containers.form.choose")}</option>
          {options.plans.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </Select>
        <Field
          id="hostname"
          name="hostname"
          label={t("containers.form.hostname")}
          hint={t("containers.form.hostnameHint")}
          error={errorFor("hostname")}
          required
        />
        <Field
          id="rootPassword"
          name="rootPassword"
          type="password"
          autoComplete="new-password"
          label={t("containers.form.password")}
          hint={t("containers.form.passwordHint")}
          error={errorFor("rootPassword")}
        />
        <Select
          id="poolId"
          name="poolId"
          label={t("containers.form.pool")}
          defaultValue=""
          error={errorFor("poolId")}
        >
          <option value="">{t("containers.form.anyPool")}</option>
          {options.pools.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name} ({x.cidr})
            </option>
          ))}
        </Select>
        <Field
          id="ipAddresses"
          name="ipAddresses"
          label={t("containers.form.ips")}
          hint={t("containers.form.ipsHint")}
          error={errorFor("ipAddresses")}
        />
        <Field
          id="nameservers"
          name="nameservers"
          label={t("containers.form.nameservers")}
          hint={t("containers.form.nameserversHint")}
          error={errorFor("nameservers")}
        />
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" name="start" defaultChecked className="h-4 w-4" />
          {t("containers.form.start")}
        </label>
      </div>
      {error &&
      ![
        "tenantId",
        "nodeId",
        "templateId",
        "planId",
        "hostname",
        "rootPassword",
        "poolId",
        "ipAddresses",
        "nameservers",
      ].includes(error.field ?? "") ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : null}
      <Button type="submit" disabled={isBusy}>
        {isBusy ? t("containers.creating") : t("containers.create")}
      </Button>
    </form>
  );
}
