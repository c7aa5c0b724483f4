import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/authorize";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { orNotFound } from "@/lib/errors/or-not-found";
import { formatDateTime } from "@/lib/format";
import { getIpPool } from "@/lib/ip-pools/get-ip-pool";
import { listNodes } from "@/lib/nodes/list-nodes";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { PoolForm } from "../pool-form";
import { DeletePoolButton } from "./delete-pool-button";
import { ReserveAddressForm } from "./reserve-address-form";
import { UnreserveButton } from "./unreserve-button";

export const generateMetadata = adminPageMetadata("IP pool");

export default async function IpPoolPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("ip-pool.read");
  const { t, locale } = await getTranslator();
  const { id } = await params;
  const pool = await orNotFound(getIpPool({ actor, poolId: id }));
  const isManager = can(actor, "ip-pool.manage", { type: "ip-pool", id: pool.id });
  const nodes = isManager ? await listNodes({ actor }) : [];
  const count = new Intl.NumberFormat(locale);
  const allocated = pool.addresses.filter((a) => a.container !== null);
  const reserved = pool.addresses.filter((a) => a.isReserved);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/ip-pools" className="text-brand-700 underline dark:text-sky-300">
          {t("ipPools.backToList")}
        </Link>
      </p>
      <PageHeader
        title={pool.name}
        subtitle={`${pool.cidr} · ${t("ipPools.version", { version: pool.ipVersion })}${pool.gateway ? ` · ${t("ipPools.col.gateway")} ${pool.gateway}` : ""}`}
      />
      <div className="space-y-6">
        <Card title={t("ipPools.usage.title")}>
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" aria-describedby="pool-usage-hint">
            {(
              [
                ["ipPools.col.used", pool.usage.used],
                ["ipPools.col.reserved", pool.usage.reserved],
                ["ipPools.col.free", pool.usage.free],
                ["ipPools.col.total", pool.usage.total],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs uppercase tracking-wide text-slate-500">{t(label)}</dt>
                <dd className="text-lg font-semibold tabular-nums">{count.format(value)}</dd>
              </div>
            ))}
          </dl>
          <p role="status" className="mt-3 text-sm">
            {t("ipPools.usage.summary", {
              used: count.format(pool.usage.used),
              reserved: count.format(pool.usage.reserved),
              free: count.format(pool.usage.free),
              total: count.format(pool.usage.total),
            })}
          </p>
          <p id="pool-usage-hint" className="mt-1 text-xs text-slate-500">
            {t("ipPools.usage.hint")}
          </p>
        </Card>

        <Card title={t("ipPools.allocated.title")}>
          {allocated.length === 0 ? (
            <p className="text-sm text-slate-500">{t("ipPools.allocated.empty")}</p>
          ) : (
            <DataTable
              caption={t("ipPools.allocated.title")}
              rows={allocated}
              columns={[
                {
                  header: t("ipPools.col.address"),
                  cell: (a) => (
                    <span>
                      <code className="text-xs">{a.address}</code>
                      {a.isReserved ? (
                        <span className="ml-2 text-xs text-slate-500">{t("ipPools.allocated.reserved")}</span>
                      ) : null}
                    </span>
                  ),
                },
                {
                  header: t("ipPools.col.container"),
                  cell: (a) =>
                    a.container ? (
                      <Link
                        href={`/admin/containers/${a.container.id}`}
                        className="text-brand-700 underline dark:text-sky-300"
                      >
                        {t("ipPools.allocated.container", {
                          ctid: a.container.ctid,
                          hostname: a.container.hostname,
                          node: a.container.node.name,
                        })}
                      </Link>
                    ) : (
                      "—"
                    ),
                },
                { header: t("containers.col.tenant"), cell: (a) => a.container?.tenant.name ?? "—" },
                { header: t("ipPools.col.allocatedAt"), cell: (a) => formatDateTime(a.allocatedAt, locale) },
              ]}
            />
          )}
        </Card>

        <Card title={t("ipPools.reserved.title")}>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t("ipPools.reserved.hint")}</p>
          {reserved.length === 0 ? (
            <p className="mb-3 text-sm text-slate-500">{t("ipPools.reserved.empty")}</p>
          ) : (
            <ul
              aria-label={t("ipPools.reserved.title")}
              className="mb-4 divide-y divide-slate-100 text-sm dark:divide-slate-800"
            >
              {reserved.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                  <span>
                    <code>{a.address}</code>
                    {a.note ? (
                      <span className="ml-2 text-slate-600 dark:text-slate-400">{a.note}</span>
                    ) : null}
                    {a.container ? (
                      <span className="ml-2 text-xs text-slate-500">
                        {t("ipPools.reserved.heldBy", { ctid: a.container.ctid })}
                      </span>
                    ) : null}
                  </span>
                  {isManager ? <UnreserveButton poolId={pool.id} address={a.address} /> : null}
                </li>
              ))}
            </ul>
          )}
          {isManager ? <ReserveAddressForm poolId={pool.id} /> : null}
        </Card>

        {isManager ? (
          <>
            <Card title={t("ipPools.editPool")}>
              <PoolForm
                poolId={pool.id}
                idPrefix="edit-pool"
                nodes={nodes.map((n) => ({ id: n.id, name: n.name }))}
                initial={{
                  name: pool.name,
                  cidr: pool.cidr,
                  gateway: pool.gateway ?? "",
                  nameservers: pool.nameservers,
                  nodeIds: pool.nodes.map((n) => n.id),
                }}
              />
            </Card>
            <Card title={t("ipPools.delete.title")}>
              <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t("ipPools.delete.hint")}</p>
              <DeletePoolButton poolId={pool.id} name={pool.name} />
            </Card>
          </>
        ) : null}
      </div>
    </>
  );
}
