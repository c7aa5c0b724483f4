"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { confirmTotpAction, disableTotpAction, startTotpAction } from "./actions";

type Enrolment = { secret: string; qrSvg: string };

export function TotpSection({ enabledSince }: { enabledSince: string | null }) {
  const { t } = useI18n();
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(null);
    const res = await startTotpAction();
    setBusy(false);
    if (res.ok) setEnrolment({ secret: res.data.secret, qrSvg: res.data.qrSvg });
    else setError(res.error);
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setBusy(true);
    setError(null);
    const res = await confirmTotpAction(code);
    setBusy(false);
    if (res.ok) {
      setEnrolment(null);
      setRecoveryCodes(res.data);
      router.refresh();
    } else setError(res.error);
  }

  async function disable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const proof = String(new FormData(event.currentTarget).get("proof") ?? "");
    setBusy(true);
    setError(null);
    const res = await disableTotpAction(proof);
    setBusy(false);
    if (res.ok) router.refresh();
    else setError(res.error);
  }

  const errorBox = error ? (
    <p role="alert" className="text-sm text-rose-600">
      {error}
    </p>
  ) : null;

  if (recoveryCodes) {
    return (
      <div className="space-y-3" data-testid="recovery-codes">
        <h3 className="text-sm font-semibold">{t("account.recoveryCodes")}</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("account.recoveryCodesHint")}</p>
        <ul className="grid grid-cols-2 gap-1 font-mono text-sm">
          {recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </div>
    );
  }

  if (enabledSince) {
    return (
      <div className="space-y-3">
        <p className="text-sm">{t("account.totpOn", { date: enabledSince })}</p>
        <form onSubmit={disable} className="space-y-2">
          <Field
            id="proof"
            name="proof"
            type="password"
            label={t("account.totpDisableHint")}
            autoComplete="off"
          />
          {errorBox}
          <Button type="submit" variant="secondary" disabled={isBusy}>
            {t("account.totpDisable")}
          </Button>
        </form>
      </div>
    );
  }

  if (enrolment) {
    return (
      <form onSubmit={confirm} className="space-y-3">
        <p className="text-sm">{t("account.totpScan")}</p>
        <div
          role="img"
          aria-label="QR code"
          className="h-44 w-44 rounded bg-white p-2"
          // The SVG is generated on our server by the qrcode package from the otpauth URI, not user input.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted server-made SVG
          dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
        />
        <p className="text-sm">
          {t("account.totpKey")}:{" "}
          <code data-testid="totp-secret" className="break-all">
            {enrolment.secret}
          </code>
        </p>
        <Field
          id="code"
          name="code"
          label={t("account.totpCode")}
          inputMode="numeric"
          autoComplete="one-time-code"
        />
        {errorBox}
        <Button type="submit" disabled={isBusy}>
          {t("account.totpConfirm")}
        </Button>
      </form>
    );
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("account.totpOff")}</p>
      {errorBox}
      <Button onClick={start} disabled={isBusy}>
        {t("account.totpStart")}
      </Button>
    </div>
  );
}
