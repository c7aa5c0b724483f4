"use client";

import { signOut } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { changePasswordAction } from "./actions";

export function PasswordForm() {
  const { t } = useI18n();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isDone, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const res = await changePasswordAction({
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword: String(form.get("newPassword") ?? ""),
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    });
    setBusy(false);
    if (res.ok) {
      setDone(true);
      // Every session ended with the change; leave this one cleanly too.
      setTimeout(() => signOut({ callbackUrl: "/login" }), 2500);
      return;
    }
    setError({ field: res.field, message: res.reason === "mismatch" ? t("account.mismatch") : res.error });
  }

  if (isDone)
    return (
      <p role="status" className="text-sm">
        {t("account.passwordChanged")}
      </p>
    );
  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <Field
        id="currentPassword"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        label={t("account.currentPassword")}
        error={errorFor("currentPassword")}
      />
      <Field
        id="newPassword"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        label={t("account.newPassword")}
        hint={t("account.passwordRules")}
        error={errorFor("newPassword")}
      />
      <Field
        id="confirmPassword"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        label={t("account.confirmPassword")}
        error={errorFor("confirmPassword")}
      />
      {error && !["currentPassword", "newPassword", "confirmPassword"].includes(error.field ?? "") ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : null}
      <Button type="submit" disabled={isBusy}>
        {t("account.changePassword")}
      </Button>
    </form>
  );
}
