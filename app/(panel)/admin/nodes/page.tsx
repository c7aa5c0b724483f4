import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime, formatMb } from "@/lib/format";
import { listNodes } from "@/lib/nodes/list-nodes";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const metadata: Metadata = { title: "Nodes" };

export default async function NodesPage() {
  const actor = await requirePageActor("node.read");
  const { t, locale } = await getTranslator();
  const nodes = await listNodes({ actor });
  return (
    <>
      <PageHeader title={t("nodes.title")} subtitle={t("nodes.subtitle")} />
      {nodes.length === 0 ? (
        <EmptyState message={t("nodes.empty")} />
      ) : (
        <DataTable
          caption={t("nodes.title")}
          rows={nodes}
          columns={[
            { header: t("common.name"), cell: (n) => <span className="font-medium">{n.name}</span> },
            { header: t("common.status"), cell: (n) => <StatusBadge status={n.status} /> },
            { header: t("nodes.col.agentUrl"), cell: (n) => <code className="text-xs">{n.agentUrl}</code> },
            {
              header: t("nodes.col.capacity"),
              cell: (n) => (n.cpus ? `${n.cpus} CPU · ${formatMb(n.memoryMb)} · ${formatMb(n.diskMb)}` : "—"),
            },
            { header: t("nav.containers"), cell: (n) => n._count.containers },
            { header: t("nodes.col.lastSeen"), cell: (n) => formatDateTime(n.lastSeenAt, locale) },
          ]}
        />
      )}
    </>
  );
}
