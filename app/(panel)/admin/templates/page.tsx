import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/get-actor";
import { formatBytes } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { listTemplates } from "@/lib/templates/list-templates";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage() {
  const actor = await requirePageActor("template.manage");
  const { t } = await getTranslator();
  const templates = await listTemplates({ actor });
  return (
    <>
      <PageHeader title={t("templates.title")} subtitle={t("templates.subtitle")} />
      {templates.length === 0 ? (
        <EmptyState message={t("templates.empty")} />
      ) : (
        <DataTable
          caption={t("templates.title")}
          rows={templates}
          columns={[
            { header: t("common.name"), cell: (x) => <span className="font-medium">{x.name}</span> },
            { header: t("templates.col.size"), cell: (x) => formatBytes(x.sizeBytes) },
            {
              header: t("templates.col.sha256"),
              cell: (x) => <code className="text-xs">{x.sha256.slice(0, 16)}…</code>,
            },
          ]}
        />
      )}
    </>
  );
}
