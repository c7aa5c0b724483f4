"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { setLimitsAction } from "../actions";

export function LimitsEditor({ containerId, isRunning }: { containerId: string; isRunning: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; isError: boolean; field?: string } | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>, mode: "now" | "save") {
    event.preventDefault();
    const form = event.currentTarget;
    const input = Object.fromEntries(new FormData(form)) as Record<string, string>;
    input.mode = mode;
    setBusy(true);
    setMessage(null);
    const res = await setLimitsAction(containerId, input);
    setBusy(false);
    if (res.ok) {
      form.reset();
      setMessage({
        text: t("containers.action.queued", {
          action: mode === "now" ? t("containers.limits.applyNow") : t("containers.limits.applySave"),
        }),
        isError: false,
      });
      router.refresh();
    } else setMessage({ text: res.error, isError: true, field: res.field });
  }

  const errorFor = (f: string) => (message?.isError && message.field === f ? message.text : undefined);
  return (
    <form
      aria-label={t("containers.detail.limits")}
      className="space-y-3"
      onSubmit={(e) => submit(e, "save")}
    >
      <p className="text-xs text-slate-500">{t("containers.limits.hint")}</p>
      <div className="grid grid-cols-2 gap-3">
        <Field
          id="limit-ram"
          name="ram"
          label={t("containers.limits.ram")}
          placeholder="512M"
          error={errorFor("ram")}
        />
        <Field
          id="limit-swap"
          name="swap"
          label={t("containers.limits.swap")}
          placeholder="256M"
          error={errorFor("swap")}
        />
        <Field
          id="limit-numproc"
          name="numproc"
          type="number"
          min={1}
          label={t("containers.limits.numproc")}
          error={errorFor("numproc")}
        />
        <Field
          id="limit-cpus"
          name="cpus"
          type="number"
          min={1}
          label={t("containers.limits.cpus")}
          error={errorFor("cpus")}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          disabled={isBusy || !isRunning}
          onClick={(e) => {
            const form = (e.currentTarget as HTMLButtonElement).form;
            if (form)
              void submit(
                { preventDefault() {}, currentTarget: form } as unknown as FormEvent<HTMLFormElement>,
                "now",
              );
          }}
        >
          {t("containers.limits.applyNow")}
        </Button>
        <Button type="submit" disabled={isBusy}>
          {t("containers.limits.applySave")}
        </Button>
      </div>
      {message ? (
        <p
          role={message.isError ? "alert" : "status"}
          className={`text-sm ${message.isError ? "text-rose-600" : ""}`}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
