"use client";

import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";
import { FeedbackText } from "./feedback-text";
import { type ActionOutcome, useActionRunner } from "./use-action-runner";

export type PowerAction = "start" | "stop" | "restart";

/** Start, stop and restart: each queues a task; the page follows its progress. */
export function PowerButtons({
  containerId,
  status,
  isDisabled,
  onPower,
}: {
  containerId: string;
  status: string;
  /** A task is running, or the container or its tenant is suspended. */
  isDisabled: boolean;
  onPower: (containerId: string, action: PowerAction) => Promise<ActionOutcome<{ taskId: string }>>;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  const isRunning = status === "RUNNING";
  const disabled = isDisabled || isBusy;
  const buttons: { action: PowerAction; label: string; isEnabled: boolean }[] = [
    { action: "start", label: t("containers.action.start"), isEnabled: !isRunning },
    { action: "stop", label: t("containers.action.stop"), isEnabled: isRunning },
    { action: "restart", label: t("containers.action.restart"), isEnabled: isRunning },
  ];
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {buttons.map((b) => (
          <Button
            key={b.action}
            variant={b.action === "start" ? "primary" : "secondary"}
            disabled={disabled || !b.isEnabled}
            onClick={() =>
              run(() => onPower(containerId, b.action), {
                done: t("containers.action.queued", { action: b.label }),
              })
            }
          >
            {b.label}
          </Button>
        ))}
      </div>
      <FeedbackText feedback={feedback} />
    </div>
  );
}
