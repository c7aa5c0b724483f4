import type { Metadata } from "next";
import { LanguageSwitch } from "@/components/language-switch";
import { ThemeSwitch } from "@/components/theme-switch";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { isAdminTotpMissing } from "@/lib/auth/admin-totp-policy";
import { requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import { getTheme, getTranslator } from "@/lib/preferences/get-preferences";
import { getProfile } from "@/lib/users/get-profile";
import { listOwnSignIns } from "@/lib/users/list-own-sign-ins";
import { PasswordForm } from "./password-form";
import { SignOutEverywhereButton } from "./sign-out-everywhere-button";
import { TotpSection } from "./totp-section";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageActor();
  const { t, locale } = await getTranslator();
  const [profile, signIns, theme, isTotpRequired] = await Promise.all([
    getProfile({ actor }),
    listOwnSignIns({ actor }),
    getTheme(),
    isAdminTotpMissing(actor),
  ]);
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
        <Card title={t("account.recentSignIns")} className="xl:col-span-2">
          <DataTable
            caption={t("account.recentSignIns")}
            rows={signIns}
            columns={[
              { header: t("account.col.when"), cell: (s) => formatDateTime(s.createdAt, locale) },
              { header: t("account.col.ip"), cell: (s) => s.ip },
              {
                header: t("account.col.result"),
                cell: (s) => (
                  <StatusBadge
                    status={s.isSuccess ? "success" : "failure"}
                    label={s.isSuccess ? t("account.result.success") : t("account.result.failure")}
                  />
                ),
              },
            ]}
          />
        </Card>
      </div>
    </>
  );
}
