import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { orNotFound } from "@/lib/errors/or-not-found";
import { formatDateTime, formatMb } from "@/lib/format";
import { getEvacuationState } from "@/lib/migration/list-migration-targets";
import { getNode } from "@/lib/nodes/get-node";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { EvacuateControl } from "./evacuate-control";
import { NodeActions } from "./node-actions";

export const generateMetadata = adminPageMetadata("Node");

export default async function NodePage({ params }: { params: Promise<{ nodeId: string }> }) {
  const actor = await requirePageActor("node.read");
  const { nodeId } = await params;
  const { t, locale } = await getTranslator();
  const node = await orNotFound(getNode({ actor, nodeId }));
  const rows: [string, string][] = [
    [t("common.status"), node.status.toLowerCase()],
    [t("nodes.col.agentUrl"), node.agentUrl || "—"],
    [t("nodes.detail.hostname"), node.hostname ?? "—"],
    [t("nodes.detail.kernel"), node.kernel ?? "—"],
    [t("nodes.detail.lxc"), node.lxcVersion ?? "—"],
    [t("nodes.detail.agentVersion"), node.agentVersion ?? "—"],
    [t("nodes.detail.cpus"), node.cpus ? String(node.cpus) : "—"],
    [t("nodes.detail.memory"), node.memoryMb ? formatMb(node.memoryMb) : "—"],
    [t("nodes.detail.disk"), node.diskMb ? `${formatMb(node.diskFreeMb)} / ${formatMb(node.diskMb)}` : "—"],
    [
      t("nodes.detail.checkpoint"),
      node.checkpointError ?? (node.lastSeenAt ? t("nodes.detail.checkpointOk") : "—"),
    ],
    [t("nodes.col.lastSeen"), formatDateTime(node.lastSeenAt, locale)],
    [t("nodes.detail.keyId"), node.agentKeyId ?? "—"],
    [t("nodes.detail.fingerprint"), node.tlsFingerprint ?? "—"],
  ];
  return (
    <>
      <AutoRefresh seconds={5} />
      <PageHeader
        title={node.name}
        subtitle={t("nodes.subtitle")}
        actions={
          <span className="flex items-center gap-2">
            <StatusBadge status={node.status} />
            {node.isDisabled ? <StatusBadge status="SUSPENDED" label="drained" /> : null}
          </span>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={t("nodes.detail.overview")}>
          <dl className="grid grid-cols-3 gap-x-3 gap-y-2 text-sm" aria-label={t("nodes.detail.overview")}>
            {rows.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd className="col-span-2 break-all" data-testid={`node-${k}`}>
                  {v}
                </dd>
              </div>
            ))}
          </dl>
          {node.lastError && node.status !== "ONLINE" ? (
            <p
              role="alert"
              className="mt-3 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200"
            >
              {t("nodes.detail.lastError")}: {node.lastError}
            </p>
          ) : null}
        </Card>
        <Card title={t("nodes.detail.agent")}>
          <NodeActions
            node={{
              id: node.id,
              name: node.name,
              status: node.status,
              isDisabled: node.isDisabled,
              containerCount: node.containers.length,
            }}
          />
        </Card>
        <Card title={t("migration.evacuate.title")}>
          <EvacuateControl
            node={{ id: node.id, name: node.name }}
            state={await getEvacuationState({ actor, nodeId })}
          />
        </Card>
        <Card title={t("nodes.detail.containers")}>
          {node.containers.length === 0 ? (
            <p className="text-sm text-slate-500">{t("nodes.detail.noContainers")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {node.containers.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-2 py-2">
                  <Link href={`/admin/containers/${c.id}`} className="hover:underline">
                    <span className="tabular-nums">{c.ctid}</span> · {c.hostname}
                  </Link>
                  <span className="flex items-center gap-2 text-xs text-slate-500">
                    {c.tenant.name} <StatusBadge status={c.status} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("nodes.detail.templates")}>
          {node.templates.length === 0 ? (
            <p className="text-sm text-slate-500">{t("nodes.detail.noTemplates")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {node.templates.map((x) => (
                <li key={x.template.id} className="flex justify-between">
                  <span>{x.template.name}</span>
                  <StatusBadge
                    status={x.isPresent ? "success" : "PENDING"}
                    label={x.isPresent ? t("nodes.detail.present") : t("nodes.detail.missing")}
                  />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
