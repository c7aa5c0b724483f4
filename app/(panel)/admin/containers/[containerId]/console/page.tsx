import Link from "next/link";
import { ConsoleTerminal } from "@/components/console-terminal";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { getConsoleTarget } from "@/lib/console/get-console-target";
import { orNotFound } from "@/lib/errors/or-not-found";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { StartFromConsole } from "./start-from-console";

export const generateMetadata = adminPageMetadata("Console");

export default async function ConsolePage({ params }: { params: Promise<{ containerId: string }> }) {
  const actor = await requirePageActor("container.console");
  const { containerId } = await params;
  const { t } = await getTranslator();
  const target = await orNotFound(getConsoleTarget({ actor, containerId }));
  return (
    <>
      <PageHeader
        title={`${t("console.title")} · ${target.hostname}`}
        subtitle={`CTID ${target.ctid}`}
        actions={
          <span className="flex items-center gap-3">
            <Link href={`/admin/containers/${target.id}`} className="text-sm text-brand-600 hover:underline">
              {target.hostname}
            </Link>
            <StatusBadge status={target.status} />
          </span>
        }
      />
      {target.status === "RUNNING" ? (
        <ConsoleTerminal containerId={target.id} />
      ) : (
        <StartFromConsole containerId={target.id} message={t("console.stopped")} />
      )}
    </>
  );
}
