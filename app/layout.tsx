import type { Metadata } from "next";
import type { ReactNode } from "react";
import { HydrationGate } from "@/components/hydration-gate";
import { I18nProvider } from "@/components/i18n-provider";
import { getMessages } from "@/lib/i18n/messages";
import { getLocale, getTheme } from "@/lib/preferences/get-preferences";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Berth", template: "%s · Berth" },
  description: "Berth: a web control panel for VPS hosting on OS-level containers",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, theme] = await Promise.all([getLocale(), getTheme()]);
  const themeClass = theme === "dark" ? "dark" : theme === "system" ? "theme-system" : "";
  return (
    <html lang={locale} className={themeClass}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <I18nProvider locale={locale} messages={getMessages(locale)}>
          <HydrationGate>{children}</HydrationGate>
        </I18nProvider>
      </body>
    </html>
  );
}
