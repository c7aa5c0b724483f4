import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LanguageSwitch } from "@/components/language-switch";
import { getActor } from "@/lib/auth/get-actor";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  if (await getActor()) redirect("/");
  const { t } = await getTranslator();
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect after sign-in would help phishing.
  const next = callbackUrl && /^\/(?!\/)/.test(callbackUrl) ? callbackUrl : "/";
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="text-3xl font-bold tracking-tight text-brand-600">{t("app.name")}</div>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("app.tagline")}</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 id="login-title" className="mb-4 text-lg font-semibold">
            {t("login.title")}
          </h1>
          <LoginForm callbackUrl={next} />
        </div>
        <div className="mt-6 flex justify-center">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
