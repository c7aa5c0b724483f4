"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { reinstallAction } from "../actions";

export function ReinstallForm({
  containerId,
  hostname,
  templates,
  currentTemplateId,
  isBusy: isContainerBusy,
}: {
  containerId: string;
  hostname: string;
  templates: { id: string; name: string }[];
  currentTemplateId: string | null;
  isBusy: boolean;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setMessage(null);
    const res = await reinstallAction(containerId, {
      templateId: String(form.get("templateId") ?? ""),
      confirmHostname: confirm,
      rootPassword: String(form.get("rootPassword") ?? ""),
    });
    setBusy(false);
    if (res.ok) {
      setPassword(res.data.generatedPassword);
      setConfirm("");
      setMessage({
        text: t("containers.action.queued", { action: t("containers.reinstall") }),
        isError: false,
      });
      router.refresh();
    } else setMessage({ text: res.error, isError: true });
  }

  return (
    <form onSubmit={onSubmit} aria-label={t("containers.reinstall")} className="space-y-3">
      <p className="text-xs text-slate-500">{t("containers.reinstallHint")}</p>
      <div className="space-y-1">
        <label htmlFor="reinstall-template" className="block text-sm font-medium">
          {t("containers.form.template")}
        </label>
        <select
          id="reinstall-template"
          name="templateId"
          defaultValue={currentTemplateId ?? ""}
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
        >
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      <Field
        id="reinstall-password"
        name="rootPassword"
        type="password"
        autoComplete="new-password"
        label={t("containers.form.password")}
        hint={t("containers.password.hint")}
      />
      <Field
        id="reinstall-confirm"
        label={t("containers.destroyConfirm")}
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        autoComplete="off"
      />
      <Button
        type="submit"
        variant="danger"
        disabled={isBusy || isContainerBusy || confirm.trim().toLowerCase() !== hostname}
      >
        {t("containers.reinstall")}
      </Button>
      {password ? (
        <p className="text-sm">
          {t("containers.generatedPassword")} <code data-testid="root-password">{password}</code>
        </p>
      ) : null}
      {message ? (
        <p
          role={message.isError ? "alert" : "status"}
          className={`text-sm ${message.isError ? "text-rose-600" : ""}`}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
