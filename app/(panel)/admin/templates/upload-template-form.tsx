"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

type Result = { ok: true; id: string; name: string } | { ok: false; message: string; field?: string };

/**
 * Sends the file itself as the request body (not multipart), so the panel streams it to disk as it
 * arrives; XMLHttpRequest because fetch() reports no upload progress.
 */
function upload(
  file: File,
  name: string,
  sha256: string,
  onProgress: (percent: number) => void,
  failed: string,
) {
  return new Promise<Result>((resolve) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ name, sha256 });
    xhr.open("POST", `/api/templates/upload?${query}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.floor((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText) as {
          id?: string;
          name?: string;
          detail?: string;
          field?: string;
        };
        if (xhr.status === 201 && body.id && body.name) resolve({ ok: true, id: body.id, name: body.name });
        else resolve({ ok: false, message: body.detail ?? failed, field: body.field });
      } catch {
        resolve({ ok: false, message: failed });
      }
    };
    xhr.onerror = () => resolve({ ok: false, message: failed });
    xhr.send(file);
  });
}

/** The template name an OpenVZ cache file implies: the file name without its archive ending. */
function nameFromFile(fileName: string): string {
  return fileName.replace(/\.tar\.(gz|xz|zst)$/i, "").replace(/\.(tgz|txz)$/i, "");
}

export function UploadTemplateForm() {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [added, setAdded] = useState<{ id: string; name: string } | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [name, setName] = useState("");

  function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    if (file && name === "") setName(nameFromFile(file.name));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const data = new FormData(formEl);
    const file = data.get("file");
    setError(null);
    setAdded(null);
    if (!(file instanceof File) || file.size === 0) {
      setError({ field: "file", message: t("templates.upload.noFile") });
      return;
    }
    setPercent(0);
    const res = await upload(
      file,
      name,
      String(data.get("sha256") ?? ""),
      setPercent,
      t("templates.upload.failed"),
    );
    setPercent(null);
    if (res.ok) {
      setAdded({ id: res.id, name: res.name });
      setName("");
      formEl.reset();
      router.refresh();
    } else setError({ field: res.field, message: res.message });
  }

  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  const isBusy = percent !== null;
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label={t("templates.upload.title")}>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("templates.upload.hint")}</p>
      <Field
        id="upload-file"
        name="file"
        type="file"
        accept=".tar.gz,.tar.xz,.tar.zst,.tgz,application/gzip,application/x-xz,application/zstd"
        label={t("templates.upload.file")}
        required
        onChange={onFile}
        error={errorFor("file")}
      />
      <Field
        id="upload-name"
        name="name"
        label={t("templates.upload.name")}
        hint={t("templates.upload.nameHint")}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
        autoComplete="off"
        spellCheck={false}
        error={errorFor("name")}
      />
      <Field
        id="upload-sha256"
        name="sha256"
        label={t("templates.upload.sha256")}
        hint={t("templates.upload.sha256Hint")}
        required
        autoComplete="off"
        spellCheck={false}
        error={errorFor("sha256")}
      />
      {percent !== null ? (
        <div className="space-y-1">
          <progress
            className="h-2 w-full accent-brand-600"
            max={100}
            value={percent}
            aria-label={t("templates.upload.progress")}
          />
          <p className="text-sm" aria-live="polite">
            {percent < 100 ? t("templates.upload.uploading", { percent }) : t("templates.upload.checking")}
          </p>
        </div>
      ) : null}
      {error && !error.field ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : null}
      {added ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {t("templates.upload.added", { name: added.name })}{" "}
          <Link href={`/admin/templates/${added.id}`} className="underline">
            {t("templates.openTemplate", { name: added.name })}
          </Link>
        </p>
      ) : null}
      <Button type="submit" disabled={isBusy}>
        {t("templates.upload.submit")}
      </Button>
    </form>
  );
}
