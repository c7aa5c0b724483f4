import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../errors/app-error";
import { knownBodyOf, toErrorResponse } from "../errors/http-response";
import { dispatchApiRequest } from "./router";

/** A JSON body larger than this is refused (413) before it is parsed. */
const MAX_BODY_BYTES = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const known = knownBodyOf(response);
  const body = known === undefined ? Buffer.from(await response.arrayBuffer()) : Buffer.from(known);
  headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * /api/v1 straight from server.ts's Node server, without Next's page router in between: the same
 * dispatcher as app/api/v1/[...path]/route.ts (which `next dev`/`next start` alone still use), at about
 * half the CPU per request. Measured with bench/panel-api-load.
 */
export async function serveApiNodeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  try {
    const controller = new AbortController();
    // Aborted only when the client goes before the answer (a task wait stops then); an abort makes a
    // DOMException with its stack, too dear for every request.
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const method = req.method ?? "GET";
    let body: Buffer | undefined;
    if (method !== "GET" && method !== "HEAD") {
      const read = await readBody(req);
      if (read === null) {
        const tooLarge = toErrorResponse(
          new AppError("VALIDATION", "The request body is larger than 1 MiB.", { field: "body" }),
        );
        await send(res, new Response(tooLarge.body, { status: 413, headers: tooLarge.headers }));
        return;
      }
      body = read;
    }
    const request = new Request(new URL(req.url ?? "/", origin), {
      method,
      headers,
      body: body && body.length ? new Uint8Array(body) : undefined,
      signal: controller.signal,
    });
    await send(res, await dispatchApiRequest(request));
  } catch (err) {
    if (!res.headersSent) await send(res, toErrorResponse(err));
    else res.destroy();
  }
}
