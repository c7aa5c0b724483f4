"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { fetchTemplateAction } from "./actions";

export function FetchTemplateForm() {
  const { t } = useI18n();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [queued, setQueued] = useState<{ name: string; taskId: string } | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = Object.fromEntries(new FormData(formEl)) as Record<string, string>;
    setBusy(true);
    setError(null);
    setQueued(null);
    const res = await fetchTemplateAction(form);
    setBusy(false);
    if (res.ok) {
      setQueued({ name: form.name ?? "", taskId: res.data.taskId });
      formEl.reset();
    } else setError({ field: res.field, message: res.error });
  }

  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label={t("templates.fetch.title")}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("templates.fetch.hint")}</p>
      <Field
        id="fetch-url"
        name="url"
        type="url"
        label={t("templates.fetch.url")}
        required
        error={errorFor("url")}
      />
      <Field
        id="fetch-name"
        name="name"
        label={t("templates.upload.name")}
        hint={t("templates.upload.nameHint")}
        required
        autoComplete="off"
        spellCheck={false}
        error={errorFor("name")}
      />
      <Field
        id="fetch-sha256"
        name="sha256"
        label={t("templates.upload.sha256")}
        hint={t("templates.upload.sha256Hint")}
        required
        autoComplete="off"
        spellCheck={false}
        error={errorFor("sha256")}
      />
      {error && !error.field ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : null}
      {queued ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {t("templates.fetch.queued", { name: queued.name })}{" "}
          <Link href={`/admin/tasks/${queued.taskId}`} className="underline">
            {t("templates.openTask")}
          </Link>
        </p>
      ) : null}
      <Button type="submit" disabled={isBusy}>
        {t("templates.fetch.submit")}
      </Button>
    </form>
  );
}
