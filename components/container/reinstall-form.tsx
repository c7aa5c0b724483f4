"use client";

import { type FormEvent, useState } from "react";
import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { FeedbackText } from "./feedback-text";
import { GeneratedRootPassword } from "./root-password-form";
import { describeRootPasswordProblem, translateRootPasswordError } from "./root-password-text";
import { type ActionOutcome, useActionRunner } from "./use-action-runner";

export type ReinstallInput = { templateId: string; confirmHostname: string; rootPassword: string };

/**
 * Reinstall from one of the offered templates. It wipes every file in the container, so the form says so
 * plainly and asks for the host name typed out before the button works.
 */
export function ReinstallForm({
  containerId,
  hostname,
  templates,
  currentTemplateId,
  isDisabled,
  onReinstall,
}: {
  containerId: string;
  hostname: string;
  templates: { id: string; name: string }[];
  currentTemplateId: string | null;
  isDisabled: boolean;
  onReinstall: (
    containerId: string,
    input: ReinstallInput,
  ) => Promise<ActionOutcome<{ taskId: string; generatedPassword: string | null }>>;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  const [confirm, setConfirm] = useState("");
  const [password, setPassword] = useState("");
  const [generated, setGenerated] = useState<string | null>(null);
  const label = t("containers.reinstall");
  const isConfirmed = confirm.trim().toLowerCase() === hostname;
  const problem = password === "" ? null : describeRootPasswordProblem(t, password, hostname);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setGenerated(null);
    const data = await run(
      () =>
        onReinstall(containerId, {
          templateId: String(form.get("templateId") ?? ""),
          confirmHostname: confirm,
          rootPassword: password,
        }),
      {
        done: t("containers.action.queued", { action: label }),
        translateError: (res) => translateRootPasswordError(t, res),
      },
    );
    if (data) {
      setGenerated(data.generatedPassword);
      setConfirm("");
      setPassword("");
    }
  }

  if (templates.length === 0) {
    return <p className="text-sm text-slate-500">{t("reinstall.noTemplates")}</p>;
  }
  return (
    <form onSubmit={onSubmit} aria-label={label} className="max-w-2xl space-y-3">
      <p
        role="note"
        className="rounded-lg border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:border-rose-900 dark:bg-rose-950/50 dark:text-rose-200"
      >
        <strong className="font-semibold">{t("reinstall.warningTitle")}</strong> {t("reinstall.warning")}
      </p>
      <div className="space-y-1">
        <label htmlFor={`reinstall-template-${containerId}`} className="block text-sm font-medium">
          {t("containers.form.template")}
        </label>
        <select
          id={`reinstall-template-${containerId}`}
          name="templateId"
          defaultValue={currentTemplateId ?? templates[0]?.id}
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
        >
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <Field
          id={`reinstall-password-${containerId}`}
          type="password"
          autoComplete="new-password"
          label={t("containers.form.password")}
          hint={t("reinstall.passwordHint")}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={feedback?.isError && feedback.field === "rootPassword" ? feedback.text : undefined}
        />
        {problem && feedback?.field !== "rootPassword" ? (
          <p className="text-xs text-amber-700 dark:text-amber-400">{problem}</p>
        ) : null}
      </div>
      <Field
        id={`reinstall-confirm-${containerId}`}
        label={t("containers.destroyConfirm")}
        hint={t("reinstall.confirmHint", { hostname })}
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      <Button type="submit" variant="danger" disabled={isDisabled || isBusy || !isConfirmed}>
        {label}
      </Button>
      {feedback?.field === "rootPassword" ? null : <FeedbackText feedback={feedback} />}
      {generated ? <GeneratedRootPassword value={generated} /> : null}
    </form>
  );
}
