import type { Metadata } from "next";
import { LanguageSwitch } from "@/components/language-switch";
import { ThemeSwitch } from "@/components/theme-switch";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { API_TOKEN_SCOPES, CUSTOMER_TOKEN_SCOPES } from "@/lib/api-tokens/schemas";
import { isAdminTotpMissing } from "@/lib/auth/admin-totp-policy";
import { requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import type { Translate } from "@/lib/i18n/messages";
import { getTheme, getTranslator } from "@/lib/preferences/get-preferences";
import { getProfile } from "@/lib/users/get-profile";
import { listOwnSignIns } from "@/lib/users/list-own-sign-ins";
import { ApiTokensSection, type TokenRow } from "./api-tokens-section";
import { PasswordForm } from "./password-form";
import { SignOutEverywhereButton } from "./sign-out-everywhere-button";
import { TotpSection } from "./totp-section";

export const metadata: Metadata = { title: "Account" };

// Why a sign-in failed, as recorded by lib/auth/verify-sign-in.ts.
const SIGN_IN_REASONS = {
  "bad-password": "account.reason.badPassword",
  "unknown-user": "account.reason.badPassword",
  disabled: "account.reason.disabled",
  "rate-limited": "account.reason.rateLimited",
  "bad-totp": "account.reason.badTotp",
  "bad-recovery-code": "account.reason.badRecoveryCode",
} as const;

function describeFailure(reason: string | null, t: Translate): string {
  const key =
    reason && reason in SIGN_IN_REASONS ? SIGN_IN_REASONS[reason as keyof typeof SIGN_IN_REASONS] : null;
  return key ? `${t("account.result.failure")} · ${t(key)}` : t("account.result.failure");
}

export default async function AccountPage() {
  const actor = await requirePageActor();
  const { t, locale } = await getTranslator();
  const [profile, signIns, theme, isTotpRequired, tokens] = await Promise.all([
    getProfile({ actor }),
    listOwnSignIns({ actor }),
    getTheme(),
    isAdminTotpMissing(actor),
    listApiTokens({ actor }),
  ]);
  const now = Date.now();
  const tokenRows: TokenRow[] = tokens.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    created: formatDateTime(k.createdAt, locale),
    expires: k.expiresAt ? formatDateTime(k.expiresAt, locale) : t("common.never"),
    lastUsed: k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : t("common.never"),
    state: k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt.getTime() <= now ? "expired" : "active",
    revoked: k.revokedAt ? formatDateTime(k.revokedAt, locale) : null,
  }));
  // A token never reaches further than its user's role (the server checks the same).
  const scopes = actor.role === "ADMIN" ? API_TOKEN_SCOPES : CUSTOMER_TOKEN_SCOPES;
  return (
    <>
      <PageHeader title={t("account.title")} subtitle={t("account.subtitle")} />
      {isTotpRequired ? (
        <p
          role="alert"
          className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          {t("account.totpRequired")}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={t("account.profile")}>
          <dl className="grid grid-cols-3 gap-y-2 text-sm">
            <dt className="text-slate-500">{t("common.name")}</dt>
            <dd className="col-span-2">{profile.name}</dd>
            <dt className="text-slate-500">{t("login.email")}</dt>
            <dd className="col-span-2">{profile.email}</dd>
            <dt className="text-slate-500">{t("common.status")}</dt>
            <dd className="col-span-2">{t(`common.role.${profile.role}`)}</dd>
            {profile.tenant ? (
              <>
                <dt className="text-slate-500">{t("containers.col.tenant")}</dt>
                <dd className="col-span-2">{profile.tenant.name}</dd>
              </>
            ) : null}
          </dl>
        </Card>
        <Card title={t("account.preferences")}>
          <div className="flex flex-wrap gap-6">
            <LanguageSwitch />
            <ThemeSwitch theme={theme} />
          </div>
        </Card>
        <Card title={t("account.password")}>
          <PasswordForm />
        </Card>
        <Card title={t("account.totp")}>
          <TotpSection
            enabledSince={profile.totpEnabledAt ? formatDateTime(profile.totpEnabledAt, locale) : null}
          />
        </Card>
        <Card title={t("account.sessions")}>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            {t("account.signOutEverywhereHint")}
          </p>
          <SignOutEverywhereButton />
        </Card>
        <Card title={t("apiTokens.title")} className="xl:col-span-2">
          <ApiTokensSection tokens={tokenRows} scopes={[...scopes]} />
        </Card>
        <Card title={t("account.recentSignIns")} className="xl:col-span-2">
          <DataTable
            caption={t("account.recentSignIns")}
            rows={signIns}
            columns={[
              {
                header: t("account.col.when"),
                cell: (s) => formatDateTime(s.createdAt, locale),
                className: "whitespace-nowrap",
              },
              { header: t("account.col.ip"), cell: (s) => <span className="font-mono text-xs">{s.ip}</span> },
              {
                header: t("account.col.result"),
                cell: (s) => (
                  <StatusBadge
                    status={s.isSuccess ? "success" : "failure"}
                    label={s.isSuccess ? t("account.result.success") : describeFailure(s.reason, t)}
                  />
                ),
              },
              {
                header: t("account.col.userAgent"),
                cell: (s) => (
                  <span className="block max-w-md truncate text-xs" title={s.userAgent ?? undefined}>
                    {s.userAgent || "—"}
                  </span>
                ),
              },
            ]}
          />
        </Card>
      </div>
    </>
  );
}
