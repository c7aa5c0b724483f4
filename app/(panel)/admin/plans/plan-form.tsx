"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { MessageKey } from "@/lib/i18n/messages";
import type { PlanFormField } from "@/lib/plans/schemas";
import { createPlanAction, updatePlanAction } from "./actions";

export type PlanFormValues = Record<PlanFormField, string>;

type FieldSpec = { name: PlanFormField; label: MessageKey; hint?: MessageKey; required?: boolean };

// The form groups the beancounters as the OpenVZ guide does: memory, CPU, disk, processes, network.
const SECTIONS: { legend: MessageKey; fields: FieldSpec[] }[] = [
  {
    legend: "plans.section.memory",
    fields: [
      { name: "ram", label: "plans.field.ram", hint: "plans.field.ramHint", required: true },
      { name: "swap", label: "plans.field.swap", hint: "plans.field.swapHint" },
    ],
  },
  {
    legend: "plans.section.cpu",
    fields: [
      { name: "cpus", label: "plans.field.cpus", hint: "plans.field.cpusHint" },
      { name: "cpulimit", label: "plans.field.cpulimit", hint: "plans.field.cpulimitHint" },
      { name: "cpuunits", label: "plans.field.cpuunits", hint: "plans.field.cpuunitsHint" },
    ],
  },
  {
    legend: "plans.section.disk",
    fields: [
      {
        name: "diskspace",
        label: "plans.field.diskspace",
        hint: "plans.field.diskspaceHint",
        required: true,
      },
      { name: "diskspaceLimit", label: "plans.field.diskspaceLimit", hint: "plans.field.limitHint" },
      { name: "diskinodes", label: "plans.field.diskinodes", hint: "plans.field.unlimitedHint" },
      { name: "diskinodesLimit", label: "plans.field.diskinodesLimit", hint: "plans.field.limitHint" },
    ],
  },
  {
    legend: "plans.section.processes",
    fields: [
      { name: "numproc", label: "plans.field.numproc", hint: "plans.field.unlimitedHint" },
      { name: "numfile", label: "plans.field.numfile", hint: "plans.field.unlimitedHint" },
      { name: "numpty", label: "plans.field.numpty", hint: "plans.field.unlimitedHint" },
    ],
  },
  {
    legend: "plans.section.network",
    fields: [{ name: "bandwidth", label: "plans.field.bandwidth", hint: "plans.field.unlimitedHint" }],
  },
];

const FIELD_NAMES = new Set<string>([
  "name",
  "description",
  ...SECTIONS.flatMap((s) => s.fields.map((f) => f.name)),
]);

/** Create (no planId) or edit a plan. Sizes are typed in human units; the server parses and validates. */
export function PlanForm({
  planId,
  initial,
  idPrefix = "plan",
  banner,
}: {
  planId?: string;
  initial?: Partial<PlanFormValues>;
  idPrefix?: string;
  banner?: ReactNode;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [done, setDone] = useState<{ message: string; href?: string; linkLabel?: string } | null>(null);
  const [isBusy, setBusy] = useState(false);
  const isEdit = planId !== undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = Object.fromEntries(new FormData(formEl)) as Record<string, string>;
    setBusy(true);
    setError(null);
    setDone(null);
    if (isEdit) {
      const res = await updatePlanAction(planId, form);
      setBusy(false);
      if (!res.ok) return setError({ field: res.field, message: res.error });
      setDone({
        message:
          res.data.containerCount > 0
            ? t("plans.savedInUse", { count: res.data.containerCount })
            : t("plans.saved"),
      });
      router.refresh();
    } else {
      const res = await createPlanAction(form);
      setBusy(false);
      if (!res.ok) return setError({ field: res.field, message: res.error });
      setDone({
        message: t("plans.created", { name: res.data.name }),
        href: `/admin/plans/${res.data.id}`,
        linkLabel: t("plans.openPlan", { name: res.data.name }),
      });
      formEl.reset();
    }
  }

  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  const id = (f: string) => `${idPrefix}-${f}`;
  return (
    <form
      onSubmit={onSubmit}
      className="space-y-4"
      aria-label={isEdit ? t("plans.editPlan") : t("plans.newPlan")}
      noValidate
    >
      {banner}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field
          id={id("name")}
          name="name"
          label={t("plans.field.name")}
          hint={t("plans.field.nameHint")}
          required
          autoComplete="off"
          spellCheck={false}
          defaultValue={initial?.name}
          error={errorFor("name")}
        />
        <Field
          id={id("description")}
          name="description"
          label={t("plans.field.description")}
          defaultValue={initial?.description}
          error={errorFor("description")}
        />
      </div>
      {SECTIONS.map((section) => (
        <fieldset
          key={section.legend}
          className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
        >
          <legend className="px-1 text-sm font-semibold">{t(section.legend)}</legend>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {section.fields.map((f) => (
              <Field
                key={f.name}
                id={id(f.name)}
                name={f.name}
                label={t(f.label)}
                hint={f.hint ? t(f.hint) : undefined}
                required={f.required}
                autoComplete="off"
                spellCheck={false}
                defaultValue={initial?.[f.name]}
                error={errorFor(f.name)}
              />
            ))}
          </div>
        </fieldset>
      ))}
      {error && !FIELD_NAMES.has(error.field ?? "") ? (
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
        {isEdit ? t("plans.saveChanges") : t("plans.createPlan")}
      </Button>
    </form>
  );
}
