import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { getAgentEndpoint } from "../tasks/run-agent-command";
import { isValidBackupFetchLink } from "./backup-link";
import { getAuthorizedBackup } from "./get-backup";
import { openBackupStream } from "./open-backup-stream";

function archiveResponse(body: ReadableStream<Uint8Array>, size: number, archive: string): Response {
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "application/zstd",
      "content-length": String(size),
      "content-disposition": `attachment; filename="${archive}"`,
      "cache-control": "no-store",
    },
  });
}

/** An admin downloads an archive: streamed from its node through the panel, never stored here. */
export async function downloadBackup(options: {
  actor: Actor;
  backupId: string;
  ip?: string;
}): Promise<Response> {
  const b = await getAuthorizedBackup({
    actor: options.actor,
    backupId: options.backupId,
    action: "backup.download",
  });
  if (!b.archive) throw new AppError("CONFLICT", "This backup has no archive (it did not finish).");
  const node = await getAgentEndpoint(b.nodeId);
  const stream = await openBackupStream(node, b.archive);
  await recordAuditEvent({
    actor: options.actor,
    action: "backup.download",
    result: "success",
    targetType: "backup",
    targetId: b.id,
    tenantId: b.tenantId,
    ip: options.ip,
    details: { archive: b.archive },
  });
  return archiveResponse(stream.body, stream.size, b.archive);
}

/**
 * What a node's agent fetches (backup.fetch) when a backup is restored on another node: relayed from the
 * backup's node. No session: the signed link is the credential, and every refusal is the same bare 404.
 */
export async function serveBackupArchive(options: {
  backupId: string;
  fileName: string;
  searchParams: URLSearchParams;
}): Promise<Response> {
  const notFound = () =>
    new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  if (!isValidBackupFetchLink(options.backupId, options.searchParams)) return notFound();
  const b = await db.backup.findUnique({
    where: { id: options.backupId },
    select: { archive: true, nodeId: true },
  });
  if (!b?.archive || b.archive !== options.fileName) return notFound();
  try {
    const stream = await openBackupStream(await getAgentEndpoint(b.nodeId), b.archive);
    return archiveResponse(stream.body, stream.size, b.archive);
  } catch {
    return notFound();
  }
}
