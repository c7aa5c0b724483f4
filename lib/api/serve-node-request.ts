import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CLIENT_IP_HEADER } from "../auth/client-ip";
import { AppError } from "../errors/app-error";
import { toErrorResponse } from "../errors/http-response";
import { type ApiCall, type ApiReply, answerApiCall, toApiReply } from "./answer-api-call";
import { ApiThreadPool } from "./api-threads";

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

function send(res: ServerResponse, reply: ApiReply): void {
  const headers: Record<string, string> = {};
  for (const [key, value] of reply.headers) headers[key] = value;
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  headers["content-length"] = String(body.length);
  res.writeHead(reply.status, headers);
  res.end(body);
}

let pool: ApiThreadPool | null = null;

/**
 * Answers /api/v1 on `threads` worker threads from now on (0: on this thread). server.ts calls it with
 * BERTH_API_THREADS.
 */
export function startApiThreads(threads: number): ApiThreadPool | null {
  if (pool || threads < 1) return pool;
  pool = new ApiThreadPool(threads);
  return pool;
}

/**
 * /api/v1 straight from server.ts's Node server, without Next's page router in between: the same
 * dispatcher as app/api/v1/[...path]/route.ts (which `next dev`/`next start` alone still use), at about
 * half the CPU per request, on the API threads when there are some. Measured with bench/panel-api-load.
 */
export async function serveApiNodeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  try {
    const headers: [string, string][] = [];
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers.push([key, Array.isArray(value) ? value.join(", ") : value]);
    }
    const method = req.method ?? "GET";
    let body: Buffer | undefined;
    if (method !== "GET" && method !== "HEAD") {
      const read = await readBody(req);
      if (read === null) {
        const tooLarge = toErrorResponse(
          new AppError("VALIDATION", "The request body is larger than 1 MiB.", { field: "body" }),
        );
        send(res, { ...(await toApiReply(tooLarge)), status: 413 });
        return;
      }
      body = read;
    }
    const call: ApiCall = {
      method,
      url: new URL(req.url ?? "/", origin).href,
      headers,
      body: body?.length ? new Uint8Array(body) : undefined,
    };
    // Aborted only when the client goes before the answer (a task wait stops then); an abort makes a
    // DOMException with its stack, too dear for every request.
    let abort: (() => void) | undefined;
    res.on("close", () => {
      if (!res.writableFinished) abort?.();
    });
    let reply: ApiReply;
    if (pool) {
      const key = req.headers.authorization ?? String(req.headers[CLIENT_IP_HEADER] ?? "");
      reply = await pool.answer(call, key, (a) => {
        abort = a;
      });
    } else {
      const controller = new AbortController();
      abort = () => controller.abort();
      reply = await answerApiCall(call, controller.signal);
    }
    send(res, reply);
  } catch (err) {
    if (!res.headersSent) send(res, await toApiReply(toErrorResponse(err)));
    else res.destroy();
  }
}
