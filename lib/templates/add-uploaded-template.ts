import "server-only";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { addTemplateFile, templateNameTakenError } from "./add-template-file";
import { createHashingLimiter } from "./hashing-limiter";
import { MAX_TEMPLATE_BYTES, uploadTemplateInputSchema } from "./schemas";
import { newPartialTemplatePath } from "./template-store";

/**
 * Adds a template from an upload: the body is streamed to a partial file (never held in memory) while it
 * is hashed, then checked and added by addTemplateFile. A refused or broken upload leaves no file behind.
 */
export async function addUploadedTemplate(options: {
  actor: Actor;
  input: unknown;
  body: ReadableStream<Uint8Array> | null;
  contentLength?: number | null;
  ip?: string;
}) {
  const { actor } = options;
  authorize(actor, "template.manage", null);
  const input = parseInput(uploadTemplateInputSchema, options.input);
  if (!options.body) throw new AppError("VALIDATION", "Choose a template file to upload.", { field: "file" });
  if (options.contentLength && options.contentLength > MAX_TEMPLATE_BYTES)
    throw new AppError(
      "VALIDATION",
      "The file is larger than 2 GiB, the largest template the panel accepts.",
      {
        field: "file",
        reason: "too-large",
      },
    );
  // Refused before the bytes arrive: nobody should wait for 150 MB to learn the name is taken.
  const existing = await db.osTemplate.findUnique({ where: { name: input.name }, select: { id: true } });
  if (existing) throw templateNameTakenError(input.name);

  const partial = await newPartialTemplatePath();
  try {
    const counter = createHashingLimiter(MAX_TEMPLATE_BYTES);
    try {
      await pipeline(
        // The web stream type of lib.dom and of node:stream/web differ only nominally.
        Readable.fromWeb(options.body as import("node:stream/web").ReadableStream<Uint8Array>),
        counter.stream,
        createWriteStream(partial, { mode: 0o600 }),
      );
    } catch (err) {
      if (err instanceof AppError) throw err;
      if ((err as { code?: unknown }).code === "ENOSPC")
        throw new AppError(
          "UNAVAILABLE",
          "The panel's disk is full: free space in its data directory, then upload again.",
          {
            reason: "disk-full",
          },
        );
      throw new AppError(
        "VALIDATION",
        "The upload was interrupted before the whole file arrived. Try again.",
        {
          field: "file",
          reason: "upload-interrupted",
        },
      );
    }
    if (counter.bytes() === 0)
      throw new AppError("VALIDATION", "The uploaded file is empty.", { field: "file", reason: "empty" });
    return await addTemplateFile({
      actor,
      partial,
      name: input.name,
      expectedSha256: input.sha256,
      computedSha256: counter.digest(),
      sizeBytes: counter.bytes(),
      ip: options.ip,
      details: { via: "upload" },
    });
  } finally {
    await fs.rm(partial, { force: true });
  }
}
