"use client";

import { FeedbackText } from "../container/feedback-text";
import { type ActionOutcome, useActionRunner } from "../container/use-action-runner";
import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";

/** /admin/backups: copy a finished backup that has no copy yet to the remote store (a task). */
export function CopyToRemoteButton({
  backupId,
  onCopy,
}: {
  backupId: string;
  onCopy: (backupId: string) => Promise<ActionOutcome<unknown>>;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        disabled={isBusy}
        onClick={() => run(() => onCopy(backupId), { done: t("backups.remote.copyQueued") })}
      >
        {t("backups.remote.copy")}
      </Button>
      <FeedbackText feedback={feedback} />
    </span>
  );
}
