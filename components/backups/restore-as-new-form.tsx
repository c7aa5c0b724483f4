"use client";

import Link from "next/link";
import { type FormEvent, useRef, useState } from "react";
import { FeedbackText } from "../container/feedback-text";
import { type ActionOutcome, useActionRunner } from "../container/use-action-runner";
import { useI18n } from "../i18n-provider";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { backupInputClass } from "./backup-schedule-fields";

export type RestoreTargets = {
  nodes: { id: string; name: string; nextCtid: number }[];
  plans: { id: string; name: string }[];
};

type Queued = { taskId: string; containerId: string; ctid: number; nodeName: string };

/**
 * "Restore as new container" on a backup (admins): node, CTID (empty: the next free one there), plan (the
 * backup's container's by default, when it still exists) and host name (the backup's by default). The new
 * container is linked once the task is queued; its page shows the task and then the running container. The
 * form opens in a modal dialog (focus kept inside, Escape closes it): a table cell is too narrow for it.
 */
export function RestoreAsNewForm({
  backupId,
  hostname,
  hasContainerPlan,
  targets,
  onRestore,
}: {
  backupId: string;
  hostname: string;
  hasContainerPlan: boolean;
  targets: RestoreTargets;
  onRestore: (
    backupId: string,
    input: { nodeId: string; ctid: string; planId: string; hostname: string },
  ) => Promise<ActionOutcome<Queued>>;
}) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  const dialog = useRef<HTMLDialogElement>(null);
  const [nodeId, setNodeId] = useState(targets.nodes[0]?.id ?? "");
  const [queued, setQueued] = useState<Queued | null>(null);
  const node = targets.nodes.find((n) => n.id === nodeId);
  const prefix = `restore-new-${backupId}`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const input = {
      nodeId,
      ctid: String(f.get("ctid") ?? ""),
      planId: String(f.get("planId") ?? ""),
      hostname: String(f.get("hostname") ?? ""),
    };
    setQueued(await run(() => onRestore(backupId, input), { done: t("backups.restoreQueued") }));
  }

  return (
    <>
      <Button variant="secondary" onClick={() => dialog.current?.showModal()}>
        {t("backups.restoreAsNew")}
      </Button>
      <dialog
        ref={dialog}
        aria-label={t("backups.restoreAsNew")}
        className="m-auto w-full max-w-md rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:bg-slate-900 dark:text-slate-100"
      >
        <form onSubmit={onSubmit} aria-label={t("backups.restoreAsNew")} className="space-y-3 p-4">
          <h2 className="text-base font-semibold">{t("backups.restoreAsNew")}</h2>
          <p className="text-xs text-slate-600 dark:text-slate-400">{t("backups.restoreAsNewIntro")}</p>
          {targets.nodes.length === 0 ? (
            <p className="text-sm" role="alert">
              {t("backups.restoreAsNewNoNodes")}
            </p>
          ) : null}
          <div className="space-y-1">
            <label htmlFor={`${prefix}-node`} className="block text-sm font-medium">
              {t("backups.restoreAsNewNode")}
            </label>
            <select
              id={`${prefix}-node`}
              value={nodeId}
              onChange={(e) => setNodeId(e.target.value)}
              className={backupInputClass}
            >
              {targets.nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name}
                </option>
              ))}
            </select>
          </div>
          <Field
            id={`${prefix}-ctid`}
            name="ctid"
            type="number"
            min={100}
            label={t("backups.restoreAsNewCtid")}
            placeholder={node ? String(node.nextCtid) : ""}
            hint={node ? t("backups.restoreAsNewCtidHint", { ctid: node.nextCtid }) : undefined}
          />
          <div className="space-y-1">
            <label htmlFor={`${prefix}-plan`} className="block text-sm font-medium">
              {t("backups.restoreAsNewPlan")}
            </label>
            <select
              id={`${prefix}-plan`}
              name="planId"
              defaultValue={hasContainerPlan ? "" : (targets.plans[0]?.id ?? "")}
              className={backupInputClass}
            >
              {hasContainerPlan ? <option value="">{t("backups.restoreAsNewSamePlan")}</option> : null}
              {targets.plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <Field
            id={`${prefix}-hostname`}
            name="hostname"
            label={t("backups.restoreAsNewHostname")}
            defaultValue={hostname}
            autoComplete="off"
            spellCheck={false}
            required
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={isBusy || targets.nodes.length === 0}>
              {t("backups.restoreAsNew")}
            </Button>
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              {t("backups.cancel")}
            </Button>
          </div>
          <FeedbackText
            feedback={
              queued && feedback && !feedback.isError
                ? {
                    text: t("backups.restoreAsNewQueued", { ctid: queued.ctid, node: queued.nodeName }),
                    isError: false,
                  }
                : feedback
            }
          />
          {queued ? (
            <Link
              href={`/admin/containers/${queued.containerId}`}
              className="text-sm text-brand-600 hover:underline"
            >
              {t("backups.restoreAsNewOpen")}
            </Link>
          ) : null}
        </form>
      </dialog>
    </>
  );
}
