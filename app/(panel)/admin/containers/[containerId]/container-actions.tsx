"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { changeHostnameAction, destroyContainerAction, powerAction, resetPasswordAction } from "../actions";

type Summary = { id: string; hostname: string; status: string; isBusy: boolean };

export function ContainerActions({ container }: { container: Summary }) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const [confirm, setConfirm] = useState("");
  const [hostname, setHostname] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [isBusy, setBusy] = useState(false);

  async function act<T>(
    run: () => Promise<{ ok: true; data: T } | { ok: false; error: string }>,
    done: string,
    after?: (data: T) => void,
  ) {
    setBusy(true);
    setMessage(null);
    const res = await run();
    setBusy(false);
    if (res.ok) {
      setMessage({ text: done, isError: false });
      after?.(res.data);
      router.refresh();
    } else setMessage({ text: res.error, isError: true });
  }

  const isRunning = container.status === "RUNNING";
  const disabled = isBusy || container.isBusy;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={disabled || isRunning}
          onClick={() =>
            act(
              () => powerAction(container.id, "start"),
              t("containers.action.queued", { action: t("containers.action.start") }),
            )
          }
        >
          {t("containers.action.start")}
        </Button>
        <Button
          variant="secondary"
          disabled={disabled || !isRunning}
          onClick={() =>
            act(
              () => powerAction(container.id, "stop"),
              t("containers.action.queued", { action: t("containers.action.stop") }),
            )
          }
        >
          {t("containers.action.stop")}
        </Button>
        <Button
          variant="secondary"
          disabled={disabled || !isRunning}
          onClick={() =>
            act(
              () => powerAction(container.id, "restart"),
              t("containers.action.queued", { action: t("containers.action.restart") }),
            )
          }
        >
          {t("containers.action.restart")}
        </Button>
      </div>
      <form
        aria-label={t("containers.hostname.change")}
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void act(
            () => changeHostnameAction(container.id, hostname),
            t("containers.action.queued", { action: t("containers.hostname.change") }),
          );
        }}
      >
        <div className="flex-1">
          <Field
            id="new-hostname"
            label={t("containers.form.hostname")}
            value={hostname}
            placeholder={container.hostname}
            onChange={(e) => setHostname(e.target.value)}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={disabled || hostname === ""}>
          {t("containers.hostname.change")}
        </Button>
      </form>
      <form
        aria-label={t("containers.password.reset")}
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void act(
            () => resetPasswordAction(container.id, newPassword),
            t("containers.action.queued", { action: t("containers.password.reset") }),
            (data) => {
              setPassword(data.generatedPassword);
              setNewPassword("");
            },
          );
        }}
      >
        <div className="flex-1">
          <Field
            id="new-root-password"
            type="password"
            autoComplete="new-password"
            label={t("containers.form.password")}
            hint={t("containers.password.hint")}
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={disabled}>
          {t("containers.password.reset")}
        </Button>
      </form>
      {password ? (
        <p className="text-sm">
          {t("containers.generatedPassword")}{" "}
          <code data-testid="root-password" className="font-mono">
            {password}
          </code>
        </p>
      ) : null}
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
            act(
              () => destroyContainerAction(container.id, confirm),
              t("containers.action.queued", { action: t("containers.destroy") }),
            )
          }
        >
          {t("containers.destroy")}
        </Button>
      </div>
      {message ? (
        <p
          role={message.isError ? "alert" : "status"}
          className={`text-sm ${message.isError ? "text-rose-600" : "text-slate-700 dark:text-slate-300"}`}
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
