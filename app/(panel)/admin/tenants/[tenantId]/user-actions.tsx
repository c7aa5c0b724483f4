"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { resetUserPasswordAction, resetUserTotpAction, setUserDisabledAction } from "../actions";

type UserRow = { id: string; email: string; isDisabled: boolean; hasTotp: boolean };

export function UserActions({ user }: { user: UserRow }) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const button =
    "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800";
  const run = async (fn: () => Promise<{ ok: boolean; error?: string }>, done: string) => {
    setMessage(null);
    const res = await fn();
    setMessage(res.ok ? done : (res.error ?? null));
    router.refresh();
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={button}
        aria-label={`${user.isDisabled ? t("tenants.enableUser") : t("tenants.disableUser")} ${user.email}`}
        onClick={() => run(() => setUserDisabledAction(user.id, !user.isDisabled), t("common.saved"))}
      >
        {user.isDisabled ? t("tenants.enableUser") : t("tenants.disableUser")}
      </button>
      <button
        type="button"
        className={button}
        aria-label={`${t("tenants.resetPassword")} ${user.email}`}
        onClick={async () => {
          const res = await resetUserPasswordAction(user.id);
          if (res.ok) setPassword(res.data.password);
          else setMessage(res.error);
        }}
      >
        {t("tenants.resetPassword")}
      </button>
      {user.hasTotp ? (
        <button
          type="button"
          className={button}
          aria-label={`${t("tenants.resetTotp")} ${user.email}`}
          onClick={() => run(() => resetUserTotpAction(user.id), t("common.saved"))}
        >
          {t("tenants.resetTotp")}
        </button>
      ) : null}
      {password ? (
        <span role="status" className="text-xs">
          {t("tenants.generatedPassword")} <code data-testid="reset-password">{password}</code>
        </span>
      ) : null}
      {message ? (
        <span role="status" className="text-xs">
          {message}
        </span>
      ) : null}
    </div>
  );
}
