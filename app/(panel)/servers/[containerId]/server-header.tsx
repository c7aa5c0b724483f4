import { ContainerStatusBadge } from "@/components/container/container-status-badge";
import { ServerTabs } from "@/components/container/server-tabs";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/ui/page-header";
import type { Translate } from "@/lib/i18n/messages";

/** Heading, status, tabs and the container's own suspension notice: the same on every tab of a server. */
export function ServerHeader({
  container,
  t,
}: {
  container: {
    id: string;
    hostname: string;
    status: string;
    isSuspended: boolean;
    template: { name: string } | null;
    plan: { name: string } | null;
  };
  t: Translate;
}) {
  const base = `/servers/${container.id}`;
  return (
    <>
      <PageHeader
        title={container.hostname}
        subtitle={[container.template?.name, container.plan?.name].filter(Boolean).join(" · ")}
        actions={
          <span className="flex items-center gap-2">
            <span className="text-sm text-slate-500">{t("common.status")}:</span>
            <span data-testid="container-status">
              <ContainerStatusBadge status={container.status} t={t} />
            </span>
          </span>
        }
      />
      {container.isSuspended ? (
        <Notice title={t("portal.containerSuspended.title")} testId="container-suspended">
          {t("portal.containerSuspended.body")}
        </Notice>
      ) : null}
      <ServerTabs
        label={t("portal.tabs")}
        tabs={[
          { href: base, label: t("portal.tab.overview") },
          { href: `${base}/console`, label: t("console.title") },
        ]}
      />
    </>
  );
}
