import { ConsoleTerminal } from "@/components/console-terminal";
import { requirePageActor, titleWhenFound } from "@/lib/auth/get-actor";
import { getConsoleTarget } from "@/lib/console/get-console-target";
import { orNotFound } from "@/lib/errors/or-not-found";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const generateMetadata = titleWhenFound("Console", (actor, { containerId }: { containerId: string }) =>
  getConsoleTarget({ actor, containerId }),
);

// The pop-out console: the terminal alone, filling its window.
export default async function PopOutConsolePage({ params }: { params: Promise<{ containerId: string }> }) {
  const actor = await requirePageActor("container.console");
  const { containerId } = await params;
  const { t } = await getTranslator();
  const target = await orNotFound(getConsoleTarget({ actor, containerId }));
  return (
    <main className="bg-slate-950 text-slate-100">
      <h1 className="sr-only">
        {t("console.title")} · {target.hostname}
      </h1>
      {target.status === "RUNNING" ? (
        <ConsoleTerminal containerId={target.id} isFullWindow />
      ) : (
        <p role="status" className="p-6 text-sm">
          {t("console.stopped")}
        </p>
      )}
    </main>
  );
}
