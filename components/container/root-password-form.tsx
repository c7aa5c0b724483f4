"use client";

import { useState } from "react";
import { useI18n } from "../i18n-provider";
import { OneTimeSecret } from "../one-time-secret";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { FeedbackText } from "./feedback-text";
import { describeRootPasswordProblem, translateRootPasswordError } from "./root-password-text";
import { type ActionOutcome, useActionRunner } from "./use-action-runner";

type Mode = "generate" | "type";

/**
 * Resets the root password as a task: generated (shown once, here, with a copy button) or typed (the
 * server's strength rules, shown while typing).
 */
export function RootPasswordForm({
  containerId,
  hostname,
  isDisabled,
  onReset,
}: {
  containerId: string;
  hostname: string;
  isDisabled: boolean;
  onReset: (
    containerId: string,
    password: string,
  ) => Promise<ActionOutcome<{ taskId: string; generatedPassword: string | null }>>;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  const [mode, setMode] = useState<Mode>("generate");
  const [password, setPassword] = useState("");
  const [generated, setGenerated] = useState<string | null>(null);
  const label = t("containers.password.reset");
  const problem =
    mode === "type" && password !== "" ? describeRootPasswordProblem(t, password, hostname) : null;
  const idBase = `root-password-${containerId}`;

  return (
    <form
      aria-label={label}
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setGenerated(null);
        const data = await run(() => onReset(containerId, mode === "type" ? password : ""), {
          done: t("containers.action.queued", { action: label }),
          translateError: (res) => translateRootPasswordError(t, res),
        });
        if (data) {
          setGenerated(data.generatedPassword);
          setPassword("");
        }
      }}
    >
      <fieldset className="space-y-1.5">
        <legend className="mb-1 text-sm font-medium">{t("rootPassword.mode")}</legend>
        {(["generate", "type"] as const).map((m) => (
          <label key={m} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${idBase}-mode`}
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
              className="accent-brand-600"
            />
            {t(m === "generate" ? "rootPassword.generate" : "rootPassword.type")}
          </label>
        ))}
      </fieldset>
      {mode === "type" ? (
        <div className="space-y-1">
          <Field
            id={idBase}
            type="password"
            autoComplete="new-password"
            label={t("containers.form.password")}
            hint={t("rootPassword.rules")}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={feedback?.isError && feedback.field === "password" ? feedback.text : undefined}
          />
          {problem && feedback?.field !== "password" ? (
            <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="root-password-check">
              {problem}
            </p>
          ) : null}
        </div>
      ) : null}
      <Button
        type="submit"
        variant="secondary"
        disabled={isDisabled || isBusy || (mode === "type" && password === "")}
      >
        {label}
      </Button>
      {feedback?.field === "password" ? null : <FeedbackText feedback={feedback} />}
      {generated ? <GeneratedRootPassword value={generated} /> : null}
    </form>
  );
}

/** A generated root password: shown here once, with a copy button; the panel keeps no copy. */
export function GeneratedRootPassword({ value }: { value: string }) {
  const { t } = useI18n();
  return (
    <OneTimeSecret
      title={t("containers.generatedPassword")}
      warning={t("rootPassword.shownOnce")}
      value={value}
      copyLabel={t("rootPassword.copy")}
      testId="root-password"
    />
  );
}
