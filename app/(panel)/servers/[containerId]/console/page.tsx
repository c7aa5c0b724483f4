import { redirect } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { ConsoleTerminal } from "@/components/console-terminal";
import { PowerButtons } from "@/components/container/power-buttons";
import { requirePageActor, titleWhenFound } from "@/lib/auth/get-actor";
import { getConsoleTarget } from "@/lib/console/get-console-target";
import { getContainer } from "@/lib/containers/get-container";
import { isAppError } from "@/lib/errors/app-error";
import { orNotFound } from "@/lib/errors/or-not-found";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { powerAction } from "../../../container-actions";
import { ServerHeader } from "../server-header";

export const generateMetadata = titleWhenFound("Console", (actor, { containerId }: { containerId: string }) =>
  getContainer({ actor, containerId }),
);

/** The console as a tab of the customer's server page; /console/<id> is the same terminal in a full window. */
export default async function ServerConsolePage({ params }: { params: Promise<{ containerId: string }> }) {
  const actor = await requirePageActor("container.read");
  const { containerId } = await params;
  if (actor.role === "ADMIN") redirect(`/admin/containers/${encodeURIComponent(containerId)}/console`);
  const { t } = await getTranslator();
  const c = await orNotFound(getContainer({ actor, containerId }));
  // The console is an operate action: a suspended tenant or container may look, not log in.
  const target = await getConsoleTarget({ actor, containerId }).catch((err: unknown) => {
    if (isAppError(err) && (err.code === "FORBIDDEN" || err.code === "NOT_FOUND")) return null;
    throw err;
  });
  const isBusy = c.tasks.some((x) => x.status === "QUEUED" || x.status === "RUNNING");
  return (
    <>
      {/* Until it runs, follow the status: the terminal appears once a start has finished. */}
      {c.status !== "RUNNING" ? <AutoRefresh seconds={2} /> : null}
      <ServerHeader container={c} t={t} />
      {target === null || c.isSuspended ? (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {t("portal.consoleUnavailable")}
        </p>
      ) : target.status === "RUNNING" ? (
        <ConsoleTerminal containerId={target.id} />
      ) : (
        <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
          <p role="status" className="text-sm">
            {t("console.stopped")}
          </p>
          <PowerButtons containerId={c.id} status={c.status} isDisabled={isBusy} onPower={powerAction} />
        </div>
      )}
    </>
  );
}
