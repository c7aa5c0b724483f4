"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { transferTemplateAction } from "../actions";

/** Queues a template.transfer task for one node and links to it. */
export function CopyToNodeButton({
  templateId,
  node,
}: {
  templateId: string;
  node: { id: string; name: string };
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);

  async function onClick() {
    setBusy(true);
    setError(null);
    const res = await transferTemplateAction(templateId, node.id);
    setBusy(false);
    if (res.ok) {
      setTaskId(res.data.taskId);
      router.refresh();
    } else setError(res.error);
  }

  return (
    <span className="flex items-center gap-2">
      <Button
        variant="secondary"
        onClick={onClick}
        disabled={isBusy || taskId !== null}
        aria-label={t("templates.nodes.copyTo", { node: node.name })}
      >
        {t("templates.nodes.copy")}
      </Button>
      {taskId ? (
        <Link role="status" href={`/admin/tasks/${taskId}`} className="text-brand-600 hover:underline">
          {t("templates.nodes.copyQueued", { node: node.name })}
        </Link>
      ) : null}
      {error ? (
        <span role="alert" className="text-rose-600">
          {error}
        </span>
      ) : null}
    </span>
  );
}
