"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { MessageKey } from "@/lib/i18n/messages";

type SignInError = { code?: string; reason?: string; retryAfterSeconds?: number };

function parseError(raw: string): SignInError {
  try {
    return JSON.parse(raw) as SignInError;
  } catch {
    return {};
  }
}

const REASON_MESSAGES: Record<string, MessageKey> = {
  "bad-credentials": "login.error.badCredentials",
  disabled: "login.error.disabled",
  "bad-totp": "login.error.badTotp",
  "bad-recovery-code": "login.error.badRecoveryCode",
  "totp-needed": "login.totpNeeded",
};

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isTotpShown, setTotpShown] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", {
      redirect: false,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      totp: String(form.get("totp") ?? ""),
    });
    if (res?.ok && !res.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setBusy(false);
    const err = parseError(res?.error ?? "");
    if (err.code === "TOTP_REQUIRED") setTotpShown(true);
    if (err.code === "RATE_LIMITED") {
      setError(t("login.error.rateLimited", { minutes: Math.ceil((err.retryAfterSeconds ?? 60) / 60) }));
    } else {
      const key = err.reason ? REASON_MESSAGES[err.reason] : undefined;
      setError(t(key ?? "login.error.generic"));
    }
  }

  return (
    <form onSubmit={onSubmit} method="post" aria-labelledby="login-title" className="space-y-4" noValidate>
      <Field id="email" name="email" type="email" label={t("login.email")} autoComplete="username" required />
      <Field
        id="password"
        name="password"
        type="password"
        label={t("login.password")}
        autoComplete="current-password"
        required
      />
      {isTotpShown ? (
        <Field
          id="totp"
          name="totp"
          label={t("login.totp")}
          hint={t("login.totpHint")}
          autoComplete="one-time-code"
          inputMode="text"
          autoFocus
        />
      ) : null}
      {error ? (
        <p
          role="alert"
          className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-950 dark:text-rose-300"
        >
          {error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={isBusy}>
        {isBusy ? t("login.submitting") : t("login.submit")}
      </Button>
    </form>
  );
}
