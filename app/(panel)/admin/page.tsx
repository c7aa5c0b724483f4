import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { getDashboardCounts } from "@/lib/dashboard/get-dashboard-counts";
import { formatDateTime } from "@/lib/format";
import type { MessageKey } from "@/lib/i18n/messages";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const generateMetadata = adminPageMetadata("Dashboard");

export default async function DashboardPage() {
  const actor = await requirePageActor("dashboard.admin");
  const { t, locale } = await getTranslator();
  const [counts, recent] = await Promise.all([
    getDashboardCounts({ actor }),
    listAuditEvents({ actor, take: 8 }),
  ]);
  const stats: { label: MessageKey; value: number; sub: string; href: string; testId: string }[] = [
    {
      label: "dashboard.nodes",
      value: counts.nodes,
      sub: t("dashboard.nodesOnline", { count: counts.nodesOnline }),
      href: "/admin/nodes",
      testId: "nodes",
    },
    {
      label: "dashboard.containers",
      value: counts.containers,
      sub: t("dashboard.containersRunning", { count: counts.containersRunning }),
      href: "/admin/containers",
      testId: "containers",
    },
    {
      label: "dashboard.tenants",
      value: counts.tenants,
      sub: t("dashboard.customers", { count: counts.customers }),
      href: "/admin/tenants",
      testId: "tenants",
    },
    {
      label: "dashboard.templates",
      value: counts.templates,
      sub: "",
      href: "/admin/templates",
      testId: "templates",
    },
    { label: "dashboard.plans", value: counts.plans, sub: "", href: "/admin/plans", testId: "plans" },
    {
      label: "dashboard.ipAddresses",
      value: counts.ipAddresses,
      sub: t("dashboard.ipFree", { count: counts.ipFree }),
      href: "/admin/ip-pools",
      testId: "ip-addresses",
    },
    {
      label: "dashboard.tasksActive",
      value: counts.tasksActive,
      sub: t("dashboard.tasksFailed", { count: counts.tasksFailed24h }),
      href: "/admin/tasks",
      testId: "tasks",
    },
  ];
  const steps: { key: MessageKey; isDone: boolean; href: string }[] = [
    { key: "dashboard.step.node", isDone: counts.nodes > 0, href: "/admin/nodes" },
    { key: "dashboard.step.template", isDone: counts.templates > 0, href: "/admin/templates" },
    { key: "dashboard.step.plan", isDone: counts.plans > 0, href: "/admin/plans" },
    { key: "dashboard.step.pool", isDone: counts.ipPools > 0, href: "/admin/ip-pools" },
    { key: "dashboard.step.tenant", isDone: counts.tenants > 0, href: "/admin/tenants" },
    { key: "dashboard.step.container", isDone: counts.containers > 0, href: "/admin/containers" },
  ];
  const isSetUp = steps.every((s) => s.isDone);

  return (
    <>
      <PageHeader title={t("dashboard.title")} subtitle={t("dashboard.subtitle")} />
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {stats.map((s) => (
          <li key={s.label}>
            <Link
              href={s.href}
              data-testid={`stat-${s.testId}`}
              className="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-500 dark:border-slate-800 dark:bg-slate-900"
            >
              <div className="text-sm text-slate-600 dark:text-slate-400">{t(s.label)}</div>
              <div className="mt-1 text-3xl font-semibold tabular-nums">{s.value}</div>
              {s.sub ? <div className="mt-1 text-xs text-slate-500">{s.sub}</div> : null}
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-2">
        {isSetUp ? null : (
          <Card title={t("dashboard.gettingStarted")}>
            <ol className="space-y-2 text-sm">
              {steps.map((s, i) => (
                <li key={s.key} className="flex items-start gap-2">
                  <span
                    aria-hidden="true"
                    className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs ${s.isDone ? "bg-emerald-500 text-white" : "bg-slate-200 dark:bg-slate-700"}`}
                  >
                    {s.isDone ? "✓" : i + 1}
                  </span>
                  <Link
                    href={s.href}
                    className={s.isDone ? "text-slate-500 line-through" : "hover:underline"}
                  >
                    {t(s.key)}
                  </Link>
                </li>
              ))}
            </ol>
          </Card>
        )}
        <Card title={t("dashboard.recentAudit")}>
          {recent.length === 0 ? (
            <p className="text-sm text-slate-500">{t("audit.empty")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {recent.map((e) => (
                <li key={e.id} className="flex items-center justify-between gap-3 py-2">
                  <span className="min-w-0 truncate">
                    <span className="font-medium">{e.actorLabel}</span> · {e.action}
                  </span>
                  <span className="flex shrink-0 items-center gap-2 text-xs text-slate-500">
                    <StatusBadge status={e.result} />
                    {formatDateTime(e.createdAt, locale)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
