import "server-only";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { SYSTEM_ACTOR } from "../../auth/actor";
import { AppError } from "../../errors/app-error";
import { addTemplateFile } from "../../templates/add-template-file";
import { createHashingLimiter } from "../../templates/hashing-limiter";
import { fetchTemplateInputSchema, MAX_TEMPLATE_BYTES } from "../../templates/schemas";
import { newPartialTemplatePath } from "../../templates/template-store";
import type { TaskHandler } from "./types";

/** No byte for this long means the server stalled. */
const STALL_MS = 60_000;

/**
 * template.fetch: the panel downloads a template from a URL into a partial file with progress, then
 * addTemplateFile verifies the sha256 and every tar entry before the catalogue entry exists. A failed
 * or interrupted download leaves no file and no entry (a resumed task simply downloads again).
 */
export const fetchTemplate: TaskHandler = async (ctx) => {
  const input = fetchTemplateInputSchema.parse(ctx.task.input);
  const partial = await newPartialTemplatePath();
  try {
    await ctx.progress(1, "Connecting");
    await ctx.log(`Downloading ${input.url}`);
    const abort = new AbortController();
    let stall = setTimeout(() => abort.abort(), STALL_MS);
    let res: Response;
    try {
      res = await fetch(input.url, { redirect: "follow", signal: abort.signal });
    } catch (err) {
      clearTimeout(stall);
      throw new AppError("UNAVAILABLE", `Could not download ${input.url}: ${describeFetchError(err)}.`, {
        reason: "download-failed",
      });
    }
    if (!res.ok || !res.body) {
      clearTimeout(stall);
      throw new AppError(
        "UNAVAILABLE",
        `Could not download ${input.url}: the server answered HTTP ${res.status}.`,
        {
          reason: "download-failed",
        },
      );
    }
    const total = Number(res.headers.get("content-length")) || 0;
    if (total > MAX_TEMPLATE_BYTES)
      throw new AppError(
        "VALIDATION",
        "The file is larger than 2 GiB, the largest template the panel accepts.",
      );
    const counter = createHashingLimiter(MAX_TEMPLATE_BYTES);
    let lastReport = 0;
    const progress = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        clearTimeout(stall);
        stall = setTimeout(() => abort.abort(), STALL_MS);
        const now = Date.now();
        if (now - lastReport > 1000) {
          lastReport = now;
          const got = counter.bytes();
          const mib = (got / 1024 ** 2).toFixed(1);
          void ctx
            .progress(
              total ? 2 + (got / total) * 88 : 5,
              total
                ? `Downloading: ${mib} of ${(total / 1024 ** 2).toFixed(1)} MiB`
                : `Downloading: ${mib} MiB`,
            )
            .catch(() => undefined);
        }
        cb(null, chunk);
      },
    });
    try {
      await pipeline(
        // undici's web stream and node:stream/web's type differ only nominally.
        Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>),
        counter.stream,
        progress,
        createWriteStream(partial, { mode: 0o600 }),
      );
    } catch (err) {
      if (err instanceof AppError) throw err;
      if ((err as { code?: unknown }).code === "ENOSPC")
        throw new AppError(
          "UNAVAILABLE",
          "The panel's disk is full: free space in its data directory, then try again.",
          {
            reason: "disk-full",
          },
        );
      throw new AppError(
        "UNAVAILABLE",
        `The download of ${input.url} broke off: ${describeFetchError(err)}.`,
        {
          reason: "download-failed",
        },
      );
    } finally {
      clearTimeout(stall);
    }
    await ctx.log(`Downloaded ${counter.bytes()} bytes; verifying the sha256 and every archive entry.`);
    await ctx.progress(90, "Verifying the checksum and the archive");
    const created = await addTemplateFile({
      actor: SYSTEM_ACTOR,
      partial,
      name: input.name,
      expectedSha256: input.sha256,
      computedSha256: counter.digest(),
      sizeBytes: counter.bytes(),
      sourceUrl: input.url,
      details: { via: "url", taskId: ctx.task.id },
    });
    await ctx.log(`Template ${created.name} added to the catalogue.`);
    return {
      templateId: created.id,
      name: created.name,
      sha256: created.sha256,
      sizeBytes: created.sizeBytes,
    };
  } finally {
    await fs.rm(partial, { force: true });
  }
};

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    if (err.name === "AbortError") return "no data arrived for a minute";
    if (cause instanceof Error) return cause.message;
    return err.message;
  }
  return "unknown error";
}
