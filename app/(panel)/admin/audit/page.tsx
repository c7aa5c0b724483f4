import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const actor = await requirePageActor("audit.read");
  const { t, locale } = await getTranslator();
  const events = await listAuditEvents({ actor });
  return (
    <>
      <PageHeader title={t("audit.title")} subtitle={t("audit.subtitle")} />
      {events.length === 0 ? (
        <EmptyState message={t("audit.empty")} />
      ) : (
        <DataTable
          caption={t("audit.title")}
          rows={events}
          columns={[
            { header: t("audit.col.time"), cell: (e) => formatDateTime(e.createdAt, locale) },
            { header: t("audit.col.actor"), cell: (e) => e.actorLabel },
            { header: t("audit.col.action"), cell: (e) => <code className="text-xs">{e.action}</code> },
            {
              header: t("audit.col.target"),
              cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"),
            },
            { header: t("audit.col.ip"), cell: (e) => e.ip ?? "—" },
            { header: t("audit.col.result"), cell: (e) => <StatusBadge status={e.result} /> },
          ]}
        />
      )}
    </>
  );
}
