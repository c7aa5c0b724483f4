import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { formatDateTime } from "@/lib/format";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { listTenants } from "@/lib/tenants/list-tenants";
import { listAdmins } from "@/lib/users/list-admins";
import { listCustomerUsers } from "@/lib/users/list-customer-users";
import { CreateTenantForm } from "./create-tenant-form";
import { CreateUserForm } from "./create-user-form";

export const generateMetadata = adminPageMetadata("Tenants & users");

export default async function TenantsPage() {
  const actor = await requirePageActor("user.manage");
  const { t, locale } = await getTranslator();
  const [tenants, admins, customers] = await Promise.all([
    listTenants({ actor }),
    listAdmins({ actor }),
    listCustomerUsers({ actor }),
  ]);
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
            {
              header: t("common.name"),
              cell: (x) => (
                <Link href={`/admin/tenants/${x.id}`} className="font-medium text-brand-600 hover:underline">
                  {x.name}
                </Link>
              ),
            },
            { header: t("common.status"), cell: (x) => <StatusBadge status={x.status} /> },
            { header: t("tenants.col.users"), cell: (x) => x._count.users },
            { header: t("tenants.col.containers"), cell: (x) => x._count.containers },
            { header: t("common.created"), cell: (x) => formatDateTime(x.createdAt, locale) },
          ]}
        />
      )}
      <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={t("tenants.newTenant")}>
          <CreateTenantForm />
        </Card>
        <Card title={t("tenants.newUser")}>
          <CreateUserForm tenants={tenants.map((x) => ({ id: x.id, name: x.name }))} />
        </Card>
        <Card title={t("tenants.customers")}>
          {customers.length === 0 ? (
            <p className="text-sm text-slate-500">{t("common.none")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {customers.map((u) => (
                <li key={u.id} className="flex justify-between gap-3 py-2">
                  <span>
                    {u.name} · <span className="text-slate-500">{u.email}</span>
                  </span>
                  <span className="text-xs text-slate-500">{u.tenant?.name}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("tenants.admins")}>
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {admins.map((a) => (
              <li key={a.id} className="flex justify-between py-2">
                <span>
                  {a.name} · <span className="text-slate-500">{a.email}</span>
                </span>
                <span className="text-xs text-slate-500">
                  {a.totpEnabledAt ? "TOTP · " : ""}
                  {formatDateTime(a.lastLoginAt, locale)}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
