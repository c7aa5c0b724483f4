import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { requireActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { listTenants } from "@/lib/tenants/list-tenants";
import { listAdmins } from "@/lib/users/list-admins";

export const metadata: Metadata = { title: "Tenants & users" };

export default async function TenantsPage() {
  const actor = await requireActor();
  const { t, locale } = await getTranslator();
  const [tenants, admins] = await Promise.all([listTenants({ actor }), listAdmins({ actor })]);
  return (
    <>
      <PageHeader title={t("tenants.title")} subtitle={t("tenants.subtitle")} />
      {tenants.length === 0 ? (
        <EmptyState message={t("tenants.empty")} />
      ) : (
        <DataTable
          caption={t("tenants.title")}
          rows={tenants}
          columns={[
            { header: t("common.name"), cell: (x) => <span className="font-medium">{x.name}</span> },
            { header: t("common.status"), cell: (x) => <StatusBadge status={x.status} /> },
            { header: t("tenants.col.users"), cell: (x) => x._count.users },
            { header: t("tenants.col.containers"), cell: (x) => x._count.containers },
            { header: t("common.created"), cell: (x) => formatDateTime(x.createdAt, locale) },
          ]}
        />
      )}
      <div className="mt-6">
        <Card title={t("tenants.admins")}>
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {admins.map((a) => (
              <li key={a.id} className="flex justify-between py-2">
                <span>
                  {a.name} · <span className="text-slate-500">{a.email}</span>
                </span>
                <span className="text-xs text-slate-500">
                  {a.totpEnabledAt ? "TOTP" : ""} {formatDateTime(a.lastLoginAt, locale)}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
