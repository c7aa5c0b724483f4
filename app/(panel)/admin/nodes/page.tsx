import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime, formatMb } from "@/lib/format";
import { listNodes } from "@/lib/nodes/list-nodes";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { AddNodeForm } from "./add-node-form";

export const generateMetadata = adminPageMetadata("Nodes");

export default async function NodesPage() {
  const actor = await requirePageActor("node.read");
  const { t, locale } = await getTranslator();
  const nodes = await listNodes({ actor });
  return (
    <>
      <AutoRefresh seconds={5} />
      <PageHeader title={t("nodes.title")} subtitle={t("nodes.subtitle")} />
      {nodes.length === 0 ? (
        <EmptyState message={t("nodes.empty")} />
      ) : (
        <DataTable
          caption={t("nodes.title")}
          rows={nodes}
          columns={[
            {
              header: t("common.name"),
              cell: (n) => (
                <Link href={`/admin/nodes/${n.id}`} className="font-medium text-brand-600 hover:underline">
                  {n.name}
                </Link>
              ),
            },
            {
              header: t("common.status"),
              cell: (n) => (
                <span className="flex gap-1">
                  <StatusBadge status={n.status} />
                  {n.isDisabled ? <StatusBadge status="SUSPENDED" label="drained" /> : null}
                </span>
              ),
            },
            {
              header: t("nodes.col.agentUrl"),
              cell: (n) => <code className="text-xs">{n.agentUrl || "—"}</code>,
            },
            {
              header: t("nodes.col.capacity"),
              cell: (n) => (n.cpus ? `${n.cpus} CPU · ${formatMb(n.memoryMb)} · ${formatMb(n.diskMb)}` : "—"),
            },
            { header: t("nav.containers"), cell: (n) => n._count.containers },
            { header: t("nodes.col.lastSeen"), cell: (n) => formatDateTime(n.lastSeenAt, locale) },
          ]}
        />
      )}
      <div className="mt-6">
        <Card title={t("nodes.add")}>
          <AddNodeForm />
        </Card>
      </div>
    </>
  );
}
