"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { setContainerSuspendedAction, setTenantSuspendedAction } from "@/app/actions/suspension";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Suspend or lift the suspension of a tenant or one container (admin pages). */
export function SuspendControl({
  kind,
  id,
  isSuspended,
  reason,
}: {
  kind: "tenant" | "container";
  id: string;
  isSuspended: boolean;
  reason?: string | null;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [isPending, setPending] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const typed = String(new FormData(event.currentTarget).get("reason") ?? "");
    const action = kind === "tenant" ? setTenantSuspendedAction : setContainerSuspendedAction;
    const res = await action(id, !isSuspended, typed);
    setPending(false);
    if (!res.ok) {
      setMessage({ text: res.error, isError: true });
      return;
    }
    const busy = res.data.busy.length ? ` ${t("suspension.busy", { hosts: res.data.busy.join(", ") })}` : "";
    setMessage({ text: `${t("suspension.done", { queued: res.data.queued })}${busy}`, isError: false });
    router.refresh();
  }
  const state = isSuspended
    ? t(kind === "tenant" ? "suspension.tenantSuspended" : "suspension.containerSuspended")
    : t(kind === "tenant" ? "suspension.tenantActive" : "suspension.containerActive");
  return (
    <form onSubmit={onSubmit} aria-label={t("suspension.title")} className="space-y-3">
      <p className="text-sm" data-testid="suspension-state">
        {state}
        {isSuspended && reason ? ` ${t("suspension.reasonLabel", { reason })}` : ""}
      </p>
      {isSuspended ? null : (
        <Field
          id={`${kind}-suspend-reason`}
          name="reason"
          label={t("suspension.reason")}
          hint={t("suspension.reasonHint")}
          maxLength={200}
        />
      )}
      <Button type="submit" variant={isSuspended ? "secondary" : "danger"} disabled={isPending}>
        {isSuspended ? t("suspension.unsuspend") : t("suspension.suspend")}
      </Button>
      {message ? (
        <p
          role={message.isError ? "alert" : "status"}
          className={message.isError ? "text-sm text-rose-600" : "text-sm"}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
