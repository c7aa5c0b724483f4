"use client";

import { type FormEvent, useState } from "react";
import { FeedbackText } from "../container/feedback-text";
import { type ActionOutcome, useActionRunner } from "../container/use-action-runner";
import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

export type BackupRemoteFormValues = {
  isEnabled: boolean;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  hasSecretKey: boolean;
};

type Outcome = Promise<ActionOutcome<unknown>>;

/** The fields that show their own error; any other refusal shows under the buttons. */
const FIELDS = new Set(["endpoint", "region", "bucket", "prefix", "accessKeyId", "secretAccessKey"]);

/**
 * The admin's remote store for backups (/admin/backups): where it is, its keys (the secret is write-only),
 * whether new backups are copied there; a test that writes, reads and deletes an object; and removal.
 */
export function BackupRemoteForm({
  remote,
  onSave,
  onTest,
  onRemove,
}: {
  remote: BackupRemoteFormValues | null;
  onSave: (input: Record<string, unknown>) => Outcome;
  onTest: () => Promise<ActionOutcome<{ bucket: string }>>;
  onRemove: () => Outcome;
}) {
  const { t } = useI18n();
  const { run, feedback, setFeedback, isBusy } = useActionRunner();
  const [isRemoving, setRemoving] = useState(false);
  const errorFor = (field: string) =>
    feedback?.isError && feedback.field === field ? feedback.text : undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "");
    await run(
      () =>
        onSave({
          isEnabled: f.get("isEnabled") === "on",
          endpoint: text("endpoint"),
          region: text("region"),
          bucket: text("bucket"),
          prefix: text("prefix"),
          accessKeyId: text("accessKeyId"),
          secretAccessKey: text("secretAccessKey"),
        }),
      { done: t("backups.remote.saved") },
    );
  }

  async function onTestClick() {
    setFeedback(null);
    const tested = await run(onTest, { done: "" });
    if (tested) setFeedback({ text: t("backups.remote.tested", { bucket: tested.bucket }), isError: false });
  }

  async function onRemoveClick() {
    if (!isRemoving) {
      setRemoving(true);
      return;
    }
    setRemoving(false);
    await run(onRemove, { done: t("backups.remote.removed") });
  }

  return (
    <form onSubmit={onSubmit} aria-label={t("backups.remote.title")} className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("backups.remote.intro")}</p>
      <div className="grid gap-3 md:grid-cols-2">
        <Field
          id="remote-endpoint"
          name="endpoint"
          type="url"
          required
          label={t("backups.remote.endpoint")}
          hint={t("backups.remote.endpointHint")}
          defaultValue={remote?.endpoint ?? ""}
          error={errorFor("endpoint")}
        />
        <Field
          id="remote-region"
          name="region"
          label={t("backups.remote.region")}
          defaultValue={remote?.region ?? "us-east-1"}
          autoComplete="off"
          error={errorFor("region")}
        />
        <Field
          id="remote-bucket"
          name="bucket"
          required
          label={t("backups.remote.bucket")}
          defaultValue={remote?.bucket ?? ""}
          autoComplete="off"
          spellCheck={false}
          error={errorFor("bucket")}
        />
        <Field
          id="remote-prefix"
          name="prefix"
          label={t("backups.remote.prefix")}
          hint={t("backups.remote.prefixHint")}
          defaultValue={remote?.prefix ?? ""}
          autoComplete="off"
          spellCheck={false}
          error={errorFor("prefix")}
        />
        <Field
          id="remote-access-key"
          name="accessKeyId"
          required
          label={t("backups.remote.accessKeyId")}
          defaultValue={remote?.accessKeyId ?? ""}
          autoComplete="off"
          spellCheck={false}
          error={errorFor("accessKeyId")}
        />
        <Field
          id="remote-secret"
          name="secretAccessKey"
          type="password"
          required={!remote?.hasSecretKey}
          label={t("backups.remote.secretAccessKey")}
          hint={remote?.hasSecretKey ? t("backups.remote.secretKept") : undefined}
          autoComplete="new-password"
          error={errorFor("secretAccessKey")}
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="isEnabled" defaultChecked={remote?.isEnabled ?? true} />
        {t("backups.remote.enabled")}
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={isBusy}>
          {t("common.save")}
        </Button>
        {remote ? (
          <>
            <Button type="button" variant="secondary" disabled={isBusy} onClick={onTestClick}>
              {t("backups.remote.test")}
            </Button>
            <Button type="button" variant="danger" disabled={isBusy} onClick={onRemoveClick}>
              {isRemoving ? t("backups.remote.removeConfirm") : t("backups.remote.remove")}
            </Button>
          </>
        ) : null}
      </div>
      {feedback && !(feedback.isError && FIELDS.has(feedback.field ?? "")) ? (
        <FeedbackText feedback={feedback} />
      ) : null}
    </form>
  );
}
