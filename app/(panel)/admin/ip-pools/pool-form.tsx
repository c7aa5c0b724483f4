"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { createPoolAction, updatePoolAction } from "./actions";

export type PoolFormValues = {
  name: string;
  cidr: string;
  gateway: string;
  nameservers: string;
  nodeIds: string[];
};

const FIELDS = new Set(["name", "cidr", "gateway", "nameservers", "nodeIds"]);

/** Create (no poolId) or edit an IP pool: its block, gateway, nameservers and the nodes it serves. */
export function PoolForm({
  poolId,
  initial,
  nodes,
  idPrefix = "pool",
}: {
  poolId?: string;
  initial?: PoolFormValues;
  nodes: { id: string; name: string }[];
  idPrefix?: string;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [done, setDone] = useState<{ message: string; href?: string; linkLabel?: string } | null>(null);
  const [isBusy, setBusy] = useState(false);
  const isEdit = poolId !== undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const input = {
      name: String(form.get("name") ?? ""),
      cidr: String(form.get("cidr") ?? ""),
      gateway: String(form.get("gateway") ?? ""),
      nameservers: String(form.get("nameservers") ?? ""),
      nodeIds: form.getAll("nodeIds").map(String),
    };
    setBusy(true);
    setError(null);
    setDone(null);
    const res = isEdit ? await updatePoolAction(poolId, input) : await createPoolAction(input);
    setBusy(false);
    if (!res.ok) return setError({ field: res.field, message: res.error });
    if (isEdit) {
      setDone({ message: t("ipPools.saved") });
      router.refresh();
    } else {
      setDone({
        message: t("ipPools.created", { name: res.data.name }),
        href: `/admin/ip-pools/${res.data.id}`,
        linkLabel: t("ipPools.openPool", { name: res.data.name }),
      });
      formEl.reset();
    }
  }

  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  const id = (f: string) => `${idPrefix}-${f}`;
  return (
    <form
      onSubmit={onSubmit}
      className="space-y-3"
      aria-label={isEdit ? t("ipPools.editPool") : t("ipPools.newPool")}
      noValidate
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field
          id={id("name")}
          name="name"
          label={t("ipPools.field.name")}
          required
          autoComplete="off"
          defaultValue={initial?.name}
          error={errorFor("name")}
        />
        <Field
          id={id("cidr")}
          name="cidr"
          label={t("ipPools.field.cidr")}
          hint={t("ipPools.field.cidrHint")}
          required
          autoComplete="off"
          spellCheck={false}
          defaultValue={initial?.cidr}
          error={errorFor("cidr")}
        />
        <Field
          id={id("gateway")}
          name="gateway"
          label={t("ipPools.field.gateway")}
          hint={t("ipPools.field.gatewayHint")}
          autoComplete="off"
          spellCheck={false}
          defaultValue={initial?.gateway}
          error={errorFor("gateway")}
        />
        <Field
          id={id("nameservers")}
          name="nameservers"
          label={t("ipPools.field.nameservers")}
          hint={t("ipPools.field.nameserversHint")}
          autoComplete="off"
          spellCheck={false}
          defaultValue={initial?.nameservers}
          error={errorFor("nameservers")}
        />
      </div>
      <fieldset
        className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
        aria-describedby={`${id("nodes")}-hint`}
      >
        <legend className="px-1 text-sm font-semibold">{t("ipPools.field.nodes")}</legend>
        <p id={`${id("nodes")}-hint`} className="mb-2 text-xs text-slate-500 dark:text-slate-400">
          {t("ipPools.field.nodesHint")}
        </p>
        {nodes.length === 0 ? (
          <p className="text-sm text-slate-500">{t("ipPools.noNodes")}</p>
        ) : (
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            {nodes.map((n) => (
              <li key={n.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="nodeIds"
                    value={n.id}
                    defaultChecked={initial?.nodeIds.includes(n.id)}
                    className="h-4 w-4"
                  />
                  {n.name}
                </label>
              </li>
            ))}
          </ul>
        )}
        {errorFor("nodeIds") ? (
          <p role="alert" className="mt-2 text-xs text-rose-600">
            {errorFor("nodeIds")}
          </p>
        ) : null}
      </fieldset>
      {error && !FIELDS.has(error.field ?? "") ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {done.message}{" "}
          {done.href ? (
            <Link href={done.href} className="underline">
              {done.linkLabel}
            </Link>
          ) : null}
        </p>
      ) : null}
      <Button type="submit" disabled={isBusy}>
        {isEdit ? t("ipPools.saveChanges") : t("ipPools.createPool")}
      </Button>
    </form>
  );
}
