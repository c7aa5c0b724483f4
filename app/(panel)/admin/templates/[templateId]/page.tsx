import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { orNotFound } from "@/lib/errors/or-not-found";
import { formatBytes, formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { getTemplate } from "@/lib/templates/get-template";
import { CopyToNodeButton } from "./copy-to-node-button";
import { DeleteTemplateButton } from "./delete-template-button";
import { TemplateEnabledToggle } from "./template-enabled-toggle";

export const generateMetadata = adminPageMetadata("Template");

export default async function TemplatePage({ params }: { params: Promise<{ templateId: string }> }) {
  const actor = await requirePageActor("template.manage");
  const { t, locale } = await getTranslator();
  const { templateId } = await params;
  const template = await orNotFound(getTemplate({ actor, templateId }));
  const rows: [string, string][] = [
    [t("templates.detail.distro"), template.distro],
    [t("templates.detail.version"), template.version],
    [t("templates.detail.arch"), template.arch],
    [t("templates.detail.variant"), template.variant],
    [t("templates.detail.format"), template.format],
    [t("templates.col.size"), formatBytes(template.sizeBytes)],
    [t("templates.col.sha256"), template.sha256],
    [t("templates.detail.source"), template.sourceUrl ?? t("templates.detail.sourceUpload")],
    [
      t("templates.detail.inStore"),
      template.isInPanelStore ? t("templates.detail.inStoreYes") : t("templates.detail.inStoreNo"),
    ],
    [t("common.created"), formatDateTime(template.createdAt, locale)],
  ];
  const isCopying = template.nodes.some((n) => n.activeTaskId);
  return (
    <>
      {isCopying ? <AutoRefresh seconds={2} /> : null}
      <p className="mb-2 text-sm">
        <Link href="/admin/templates" className="text-brand-700 underline dark:text-sky-300">
          {t("templates.backToList")}
        </Link>
      </p>
      <PageHeader
        title={template.name}
        subtitle={t("templates.subtitle")}
        actions={
          <StatusBadge
            status={template.isEnabled ? "success" : "PENDING"}
            label={template.isEnabled ? t("templates.enabled") : t("templates.disabled")}
          />
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={t("templates.detail.overview")}>
          <dl
            className="grid grid-cols-3 gap-x-3 gap-y-2 text-sm"
            aria-label={t("templates.detail.overview")}
          >
            {rows.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd className="col-span-2 break-all">{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={t("templates.nodes.title")}>
          {template.nodes.length === 0 ? (
            <p className="text-sm text-slate-500">{t("templates.nodes.none")}</p>
          ) : (
            <ul
              className="divide-y divide-slate-100 text-sm dark:divide-slate-800"
              aria-label={t("templates.nodes.title")}
            >
              {template.nodes.map((n) => (
                <li key={n.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span className="flex items-center gap-2">
                    <Link href={`/admin/nodes/${n.id}`} className="hover:underline">
                      {n.name}
                    </Link>
                    <StatusBadge status={n.status} />
                  </span>
                  <span className="flex items-center gap-2">
                    <StatusBadge
                      status={n.isPresent ? "success" : "PENDING"}
                      label={n.isPresent ? t("templates.nodes.present") : t("templates.nodes.missing")}
                    />
                    {n.activeTaskId ? (
                      <Link
                        href={`/admin/tasks/${n.activeTaskId}`}
                        className="text-brand-600 hover:underline"
                      >
                        {t("templates.nodes.copying")}
                      </Link>
                    ) : !n.isPresent && template.isInPanelStore && n.status === "ONLINE" ? (
                      <CopyToNodeButton templateId={template.id} node={{ id: n.id, name: n.name }} />
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("templates.containers.title")}>
          {template.containers.length === 0 ? (
            <p className="text-sm text-slate-500">{t("templates.containers.empty")}</p>
          ) : (
            <>
              {template.containers.length < template.containerCount ? (
                <p className="mb-2 text-sm">
                  {t("templates.containers.more", {
                    shown: template.containers.length,
                    count: template.containerCount,
                  })}
                </p>
              ) : null}
              <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
                {template.containers.map((c) => (
                  <li key={c.id} className="flex items-center justify-between gap-2 py-2">
                    <Link href={`/admin/containers/${c.id}`} className="hover:underline">
                      <span className="tabular-nums">{c.ctid}</span> · {c.hostname}
                    </Link>
                    <span className="flex items-center gap-2 text-xs text-slate-500">
                      {c.node.name} <StatusBadge status={c.status} />
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>
        <Card title={t("templates.state.title")}>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            {template.isEnabled ? t("templates.state.enabledHint") : t("templates.state.disabledHint")}
          </p>
          <TemplateEnabledToggle templateId={template.id} isEnabled={template.isEnabled} />
        </Card>
        <Card title={t("templates.delete.title")}>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t("templates.delete.hint")}</p>
          <DeleteTemplateButton templateId={template.id} name={template.name} />
        </Card>
      </div>
    </>
  );
}
