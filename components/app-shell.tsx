import Link from "next/link";
import type { ReactNode } from "react";
import type { UserActor } from "@/lib/auth/actor";
import type { Translate } from "@/lib/i18n/messages";
import { LanguageSwitch } from "./language-switch";
import { MobileNavToggle } from "./mobile-nav-toggle";
import { type NavItem, NavLinks } from "./nav-links";
import { Notice } from "./notice";
import { SignOutButton } from "./sign-out-button";

function getNavItems(actor: UserActor, t: Translate): NavItem[] {
  if (actor.role === "ADMIN") {
    return [
      { href: "/admin", label: t("nav.dashboard") },
      { href: "/admin/nodes", label: t("nav.nodes") },
      { href: "/admin/containers", label: t("nav.containers") },
      { href: "/admin/templates", label: t("nav.templates") },
      { href: "/admin/plans", label: t("nav.plans") },
      { href: "/admin/ip-pools", label: t("nav.ipPools") },
      { href: "/admin/tenants", label: t("nav.tenants") },
      { href: "/admin/tasks", label: t("nav.tasks") },
      { href: "/admin/backups", label: t("nav.backups") },
      { href: "/admin/audit", label: t("nav.audit") },
      { href: "/admin/settings", label: t("nav.settings") },
      { href: "/api-docs", label: t("apiDocs.title") },
      { href: "/account", label: t("nav.account") },
    ];
  }
  return [
    { href: "/servers", label: t("nav.myServers") },
    { href: "/servers/tasks", label: t("portal.nav.tasks") },
    { href: "/api-docs", label: t("apiDocs.title") },
    { href: "/account", label: t("nav.account") },
  ];
}

export function AppShell({ actor, t, children }: { actor: UserActor; t: Translate; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <a
        href="#content"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        {t("nav.skipToContent")}
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/" className="text-lg font-bold tracking-tight text-brand-600">
            {t("app.name")}
          </Link>
          <div className="flex items-center gap-3">
            <span className="hidden text-sm text-slate-600 sm:inline dark:text-slate-400">
              {t("common.signedInAs", { email: actor.email })} · {t(`common.role.${actor.role}`)}
            </span>
            <div className="hidden md:block">
              <LanguageSwitch />
            </div>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 lg:flex-row">
        <aside className="lg:w-56 lg:shrink-0">
          <MobileNavToggle>
            <NavLinks items={getNavItems(actor, t)} label={t("nav.main")} />
          </MobileNavToggle>
        </aside>
        <main id="content" className="min-w-0 flex-1">
          {/* Shown above every page of a suspended customer: why nothing works, and whom to ask. */}
          {actor.role === "CUSTOMER" && actor.tenantSuspended ? (
            <Notice title={t("portal.tenantSuspended.title")} testId="tenant-suspended">
              {actor.tenantSuspendedReason
                ? t("portal.tenantSuspended.bodyWithReason", { reason: actor.tenantSuspendedReason })
                : t("portal.tenantSuspended.body")}
            </Notice>
          ) : null}
          {children}
        </main>
      </div>
    </div>
  );
}
