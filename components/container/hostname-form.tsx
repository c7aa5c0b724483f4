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
            id={`new-hostname-${containerId}`}
            label={t("containers.form.hostname")}
            hint={t("containers.form.hostnameHint")}
            value={value}
            placeholder={hostname}
            autoComplete="off"
            spellCheck={false}
            maxLength={253}
            error={feedback?.isError && feedback.field === "hostname" ? feedback.text : undefined}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <Button
          type="submit"
          variant="secondary"
          disabled={isDisabled || isBusy || value.trim() === ""}
          className="sm:mb-5"
        >
          {label}
        </Button>
      </div>
      {feedback?.field === "hostname" ? null : <FeedbackText feedback={feedback} />}
    </form>
  );
}
