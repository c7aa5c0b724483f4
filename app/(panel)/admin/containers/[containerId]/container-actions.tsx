"use client";

import { useState } from "react";
import { FeedbackText } from "@/components/container/feedback-text";
import { HostnameForm } from "@/components/container/hostname-form";
import { PowerButtons } from "@/components/container/power-buttons";
import { RootPasswordForm } from "@/components/container/root-password-form";
import { useActionRunner } from "@/components/container/use-action-runner";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { changeHostnameAction, powerAction, resetPasswordAction } from "../../../container-actions";
import { destroyContainerAction } from "../actions";

type Summary = { id: string; hostname: string; status: string; isBusy: boolean };

/** The admin's actions: what a customer has (shared components) plus destroy. */
export function ContainerActions({ container }: { container: Summary }) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  const [confirm, setConfirm] = useState("");
  const disabled = isBusy || container.isBusy;
  return (
    <div className="space-y-5">
      <PowerButtons
        containerId={container.id}
        status={container.status}
        isDisabled={container.isBusy}
        onPower={powerAction}
      />
      <HostnameForm
        containerId={container.id}
        hostname={container.hostname}
        isDisabled={container.isBusy}
        onChangeHostname={changeHostnameAction}
      />
      <RootPasswordForm
        containerId={container.id}
        hostname={container.hostname}
        isDisabled={container.isBusy}
        onReset={resetPasswordAction}
      />
      <div className="space-y-2 border-t border-slate-200 pt-4 dark:border-slate-800">
        <p className="text-xs text-slate-500">{t("containers.destroyHint")}</p>
        <Field
          id="confirm-hostname"
          label={t("containers.destroyConfirm")}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          autoComplete="off"
        />
        <Button
          variant="danger"
          disabled={disabled || confirm.trim().toLowerCase() !== container.hostname}
          onClick={() =>
            run(() => destroyContainerAction(container.id, confirm), {
              done: t("containers.action.queued", { action: t("containers.destroy") }),
            })
          }
        >
          {t("containers.destroy")}
        </Button>
        <FeedbackText feedback={feedback} />
      </div>
    </div>
  );
}
