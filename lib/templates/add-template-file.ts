import "server-only";
import fs from "node:fs/promises";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { isUniqueViolation } from "../errors/prisma-errors";
import { checkTemplateArchive } from "./check-template-archive";
import { parseTemplateName } from "./template-name";
import { commitTemplateFile, resolveStoredTemplate } from "./template-store";

/**
 * The last step of every way a file enters the catalogue (upload, download by URL): the sha256 computed
 * while the bytes arrived must be the one the admin gave, every tar entry must pass the check, and only
 * then is the file renamed into the store and the row created. The file checked is the file kept.
 * The caller owns `partial` and deletes it whatever happens (after a commit it no longer exists).
 */
export async function addTemplateFile(options: {
  actor: Actor;
  partial: string;
  name: string;
  expectedSha256: string;
  computedSha256: string;
  sizeBytes: number;
  sourceUrl?: string;
  ip?: string;
  details?: Record<string, unknown>;
}) {
  const { actor, name } = options;
  if (options.computedSha256 !== options.expectedSha256) {
    throw new AppError(
      "VALIDATION",
      `Checksum mismatch: the file's SHA-256 is ${options.computedSha256}, not ${options.expectedSha256}. The file was not added; check the value (sha256sum FILE) or the file, and try again.`,
      { field: "sha256", reason: "sha256-mismatch" },
    );
  }
  const parts = parseTemplateName(name);
  if (!parts)
    throw new AppError("VALIDATION", `${name} is not an OpenVZ-style template name.`, { field: "name" });
  const { format, summary } = await checkTemplateArchive(options.partial);
  const storedPath = await commitTemplateFile(options.partial, name, format);
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.osTemplate.create({
        data: {
          name,
          ...parts,
          sha256: options.computedSha256,
          sizeBytes: options.sizeBytes,
          format,
          sourceUrl: options.sourceUrl ?? null,
          storedPath,
        },
        select: { id: true, name: true, sha256: true, sizeBytes: true, format: true },
      });
      await recordAuditEvent({
        tx,
        actor,
        action: "template.create",
        result: "success",
        targetType: "template",
        targetId: created.id,
        ip: options.ip,
        details: {
          name,
          sha256: created.sha256,
          sizeBytes: created.sizeBytes,
          entries: summary.entries,
          ...(options.sourceUrl ? { sourceUrl: options.sourceUrl } : {}),
          ...options.details,
        },
      });
      return created;
    });
  } catch (err) {
    const file = resolveStoredTemplate(storedPath);
    if (file) await fs.rm(file, { force: true });
    if (isUniqueViolation(err)) throw templateNameTakenError(name);
    throw err;
  }
}

export function templateNameTakenError(name: string): AppError {
  return new AppError(
    "CONFLICT",
    `A template named ${name} is already in the catalogue. Choose another name, or delete the old one first.`,
    { field: "name", reason: "template-exists" },
  );
}
