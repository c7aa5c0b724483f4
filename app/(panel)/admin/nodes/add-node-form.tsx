"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { CopyCommand } from "@/components/copy-command";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { createNodeAction } from "./actions";

export function AddNodeForm() {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ nodeId: string; joinCommand: string } | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    setBusy(true);
    setError(null);
    const res = await createNodeAction({ name: String(new FormData(formEl).get("name") ?? "") });
    setBusy(false);
    if (res.ok) {
      setCreated(res.data);
      formEl.reset();
    } else setError(res.error);
  }

  return (
    <div className="space-y-4">
      <form
        onSubmit={onSubmit}
        aria-label={t("nodes.add")}
        className="flex flex-col gap-3 sm:flex-row sm:items-end"
      >
        <div className="flex-1">
          <Field
            id="node-name"
            name="name"
            label={t("common.name")}
            hint={t("nodes.addHint")}
            error={error ?? undefined}
            required
          />
        </div>
        <Button type="submit" disabled={isBusy}>
          {t("nodes.create")}
        </Button>
      </form>
      {created ? (
        <div role="status" className="space-y-2">
          <CopyCommand command={created.joinCommand} label={t("nodes.joinCommand")} />
          <Link href={`/admin/nodes/${created.nodeId}`} className="text-sm text-brand-600 hover:underline">
            {t("nodes.waitingJoin")}
          </Link>
        </div>
      ) : null}
    </div>
  );
}
