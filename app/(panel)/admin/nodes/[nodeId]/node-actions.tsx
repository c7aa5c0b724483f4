"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyCommand } from "@/components/copy-command";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { deleteNodeAction, renewJoinTokenAction, setNodeDisabledAction } from "../actions";

type NodeSummary = { id: string; name: string; status: string; isDisabled: boolean; containerCount: number };

export function NodeActions({ node }: { node: NodeSummary }) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [joinCommand, setJoinCommand] = useState<string | null>(null);
  const [confirmName, setConfirmName] = useState("");
  const [isBusy, setBusy] = useState(false);

  async function act(fn: () => Promise<{ ok: boolean; error?: string }>, after?: () => void) {
    setBusy(true);
    setMessage(null);
    const res = await fn();
    setBusy(false);
    if (!res.ok) setMessage(res.error ?? null);
    else {
      after?.();
      router.refresh();
    }
  }

  return (
    <div className="space-y-5">
      {node.status === "PENDING" ? (
        <div className="space-y-2">
          <p className="text-sm">{t("nodes.waitingJoin")}</p>
          <Button
            variant="secondary"
            disabled={isBusy}
            onClick={() =>
              act(async () => {
                const res = await renewJoinTokenAction(node.id);
                if (res.ok) setJoinCommand(res.data.joinCommand);
                return res;
              })
            }
          >
            {t("nodes.renewToken")}
          </Button>
          {joinCommand ? <CopyCommand command={joinCommand} label={t("nodes.joinCommand")} /> : null}
        </div>
      ) : null}
      <div className="space-y-2">
        {node.isDisabled ? <p className="text-sm">{t("nodes.drained")}</p> : null}
        <Button
          variant="secondary"
          disabled={isBusy}
          onClick={() => act(() => setNodeDisabledAction(node.id, !node.isDisabled))}
        >
          {node.isDisabled ? t("nodes.enable") : t("nodes.disable")}
        </Button>
      </div>
      <div className="space-y-2 border-t border-slate-200 pt-4 dark:border-slate-800">
        <p className="text-xs text-slate-500">{t("nodes.removeHint")}</p>
        <Field
          id="confirm-node-name"
          label={t("nodes.removeConfirm")}
          value={confirmName}
          onChange={(e) => setConfirmName(e.target.value)}
          autoComplete="off"
        />
        <Button
          variant="danger"
          disabled={isBusy || confirmName !== node.name}
          onClick={() =>
            act(
              () => deleteNodeAction(node.id),
              () => router.push("/admin/nodes"),
            )
          }
        >
          {t("nodes.remove")}
        </Button>
      </div>
      {message ? (
        <p role="alert" className="text-sm text-rose-600">
          {message}
        </p>
      ) : null}
    </div>
  );
}
