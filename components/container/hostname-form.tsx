"use client";

import { useState } from "react";
import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { FeedbackText } from "./feedback-text";
import { type ActionOutcome, useActionRunner } from "./use-action-runner";

/** Renames the container (inside: /etc/hostname and /etc/hosts) as a task. */
export function HostnameForm({
  containerId,
  hostname,
  isDisabled,
  onChangeHostname,
}: {
  containerId: string;
  hostname: string;
  isDisabled: boolean;
  onChangeHostname: (containerId: string, hostname: string) => Promise<ActionOutcome<{ taskId: string }>>;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  const [value, setValue] = useState("");
  const label = t("containers.hostname.change");
  const inputId = `new-hostname-${containerId}`;
  const fieldError = feedback?.isError && feedback.field === "hostname" ? feedback.text : undefined;
  return (
    <form
      aria-label={label}
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const done = await run(() => onChangeHostname(containerId, value), {
          done: t("containers.action.queued", { action: label }),
        });
        if (done) setValue("");
      }}
    >
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <Field
            id={inputId}
            label={t("containers.form.hostname")}
            value={value}
            // The hint sits under the button row; the error, when there is one, under the input.
            aria-describedby={fieldError ? `${inputId}-hint ${inputId}-error` : `${inputId}-hint`}
            placeholder={hostname}
            autoComplete="off"
            spellCheck={false}
            maxLength={253}
            error={fieldError}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={isDisabled || isBusy || value.trim() === ""}>
          {label}
        </Button>
      </div>
      <p id={`${inputId}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
        {t("containers.form.hostnameHint")}
      </p>
      {feedback?.field === "hostname" ? null : <FeedbackText feedback={feedback} />}
    </form>
  );
}
