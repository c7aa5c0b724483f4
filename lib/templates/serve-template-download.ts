import "server-only";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { db } from "../db";
import { getEnv } from "../env";
import { verifyDownloadLink } from "./download-link";
import { recordDownloadProgress } from "./download-progress";
import { resolveStoredTemplate } from "./template-store";

/**
 * The response to a node's download of a template file: the stored file, streamed, only for a valid link
 * (lib/templates/download-link.ts). Every refusal is the same bare 404, so a prober learns nothing about
 * which ids exist or why a link failed.
 */
export async function serveTemplateDownload(options: {
  templateId: string;
  fileName: string;
  searchParams: URLSearchParams;
}): Promise<Response> {
  const notFound = () =>
    new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  const { templateId, searchParams } = options;
  const isValid = verifyDownloadLink({
    secret: getEnv().NEXTAUTH_SECRET,
    templateId,
    params: {
      node: searchParams.get("node"),
      expires: searchParams.get("expires"),
      sig: searchParams.get("sig"),
    },
  });
  if (!isValid) return notFound();
  const template = await db.osTemplate.findUnique({
    where: { id: templateId },
    select: { name: true, format: true, storedPath: true },
  });
  if (!template || options.fileName !== `${template.name}.${template.format}`) return notFound();
  const file = resolveStoredTemplate(template.storedPath);
  if (!file) return notFound();
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch {
    return notFound();
  }
  const sig = searchParams.get("sig") ?? "";
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      sent += chunk.length;
      recordDownloadProgress(sig, sent, size);
      cb(null, chunk);
    },
  });
  const body = Readable.toWeb(createReadStream(file).pipe(counter)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(size),
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="${template.name}.${template.format}"`,
    },
  });
}
