import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { formatBytes } from "@/lib/format";
import { listNodes } from "@/lib/nodes/list-nodes";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { listTemplates } from "@/lib/templates/list-templates";
import { BuildTemplateForm } from "./build-template-form";
import { FetchTemplateForm } from "./fetch-template-form";
import { ImportNodeTemplatesForm } from "./import-node-templates-form";
import { UploadTemplateForm } from "./upload-template-form";

export const generateMetadata = adminPageMetadata("Templates");

export default async function TemplatesPage() {
  const actor = await requirePageActor("template.manage");
  const { t } = await getTranslator();
  const [templates, nodes] = await Promise.all([listTemplates({ actor }), listNodes({ actor })]);
  const nodeOptions = nodes.map((n) => ({ id: n.id, name: n.name, status: n.status }));
  return (
    <>
      <PageHeader title={t("templates.title")} subtitle={t("templates.subtitle")} />
      <div className="space-y-6">
        {templates.length === 0 ? (
          <EmptyState message={t("templates.empty")} />
        ) : (
          <DataTable
            caption={t("templates.title")}
            rows={templates}
            columns={[
              {
                header: t("common.name"),
                cell: (x) => (
                  <Link
                    href={`/admin/templates/${x.id}`}
                    className="font-medium text-brand-700 hover:underline dark:text-sky-300"
                  >
                    {x.name}
                  </Link>
                ),
              },
              { header: t("templates.col.os"), cell: (x) => `${x.distro} ${x.version} · ${x.arch}` },
              {
                header: t("templates.col.size"),
                cell: (x) => formatBytes(x.sizeBytes),
                className: "whitespace-nowrap tabular-nums",
              },
              {
                header: t("templates.col.sha256"),
                cell: (x) => (
                  <code className="text-xs" title={x.sha256}>
                    {x.sha256.slice(0, 16)}…
                  </code>
                ),
              },
              {
                header: t("templates.col.nodes"),
                cell: (x) =>
                  x.nodes.length ? (
                    x.nodes.map((n) => n.name).join(", ")
                  ) : (
                    <span className="text-slate-500">{t("templates.noNodes")}</span>
                  ),
              },
              {
                header: t("templates.col.containers"),
                cell: (x) => x.containerCount,
                className: "tabular-nums",
              },
              {
                header: t("templates.col.state"),
                cell: (x) => (
                  <StatusBadge
                    status={x.isEnabled ? "success" : "PENDING"}
                    label={x.isEnabled ? t("templates.enabled") : t("templates.disabled")}
                  />
                ),
              },
            ]}
          />
        )}
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
          <Card title={t("templates.upload.title")}>
            <UploadTemplateForm />
          </Card>
          <Card title={t("templates.fetch.title")}>
            <FetchTemplateForm />
          </Card>
          <Card title={t("templates.build.title")}>
            <BuildTemplateForm nodes={nodeOptions} />
          </Card>
          <Card title={t("templates.import.title")}>
            <ImportNodeTemplatesForm nodes={nodeOptions} />
          </Card>
        </div>
      </div>
    </>
  );
}
