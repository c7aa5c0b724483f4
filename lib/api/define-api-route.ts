import "server-only";
import { z } from "zod";
import type { UserActor } from "../auth/actor";
import { getClientIp } from "../auth/client-ip";
import type { Action } from "../auth/permissions";
import { AppError } from "../errors/app-error";
import { textResponse, toErrorResponse } from "../errors/http-response";
import { parseInput } from "../errors/parse-input";
import { authenticateApiRequest } from "./authenticate-api-request";
import { claimIdempotencyKey } from "./idempotency";
import { RateLimiter } from "./rate-limit";

export type ApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type ApiContext<P, Q, B> = {
  actor: UserActor;
  params: P;
  query: Q;
  body: B;
  ip: string;
  req: Request;
};

/**
 * One operation of /api/v1. The same object serves the request (app/api/v1/.../route.ts exports
 * toRouteHandler(route)) and describes it in the OpenAPI document (lib/api/openapi.ts), so the schemas a
 * route validates with are the schemas it documents.
 */
export type ApiRoute = {
  method: ApiMethod;
  /** OpenAPI path under /api/v1, with {param} placeholders: "/containers/{containerId}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** The permission the operation needs (lib/auth/permissions.ts): its scope and whether customers reach it. */
  action: Action;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The JSON the client receives on success (dates as ISO strings). */
  response: z.ZodType;
  status?: number;
  /** POSTs that create or queue something accept an Idempotency-Key header. */
  idempotent?: boolean;
  handler(ctx: ApiContext<unknown, unknown, unknown>): Promise<unknown>;
};

type Inferred<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

export function defineApiRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  route: Omit<ApiRoute, "params" | "query" | "body" | "handler"> & {
    params?: P;
    query?: Q;
    body?: B;
    handler(ctx: ApiContext<Inferred<P>, Inferred<Q>, Inferred<B>>): Promise<unknown>;
  },
): ApiRoute {
  return route as ApiRoute;
}

function readIntEnv(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

// One budget per token (and per client IP for requests that fail to authenticate).
const limiter = new RateLimiter({
  perMinute: readIntEnv("BERTH_API_RATE_PER_MINUTE", 600),
  burst: readIntEnv("BERTH_API_RATE_BURST", 120),
});

function rateLimit(key: string): void {
  const wait = limiter.take(key);
  if (wait > 0)
    throw new AppError("RATE_LIMITED", `Too many requests for this API token. Retry after ${wait} s.`, {
      retryAfterSeconds: wait,
    });
}

async function readBody(req: Request): Promise<{ text: string; value: unknown }> {
  const text = await req.text();
  if (!text.trim()) return { text, value: {} };
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json"))
    throw new AppError("VALIDATION", 'Send the body as JSON with "Content-Type: application/json".', {
      field: "body",
    });
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    throw new AppError("VALIDATION", "The body is not valid JSON.", { field: "body" });
  }
}

function json(status: number, body: string, extra?: Record<string, string>): Response {
  return textResponse(status, body, { "content-type": "application/json", ...extra });
}

/** The Next route handler for one ApiRoute: authenticate, limit, validate, (replay), run, answer. */
export function toRouteHandler(route: ApiRoute) {
  return async (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => {
    const ip = getClientIp(req.headers);
    try {
      let actor: UserActor;
      try {
        actor = await authenticateApiRequest(req, ip);
      } catch (err) {
        rateLimit(`ip:${ip}`);
        throw err;
      }
      rateLimit(`token:${actor.tokenId}`);

      const rawParams = await ctx.params;
      const params = route.params ? parseInput(route.params, rawParams) : {};
      const url = new URL(req.url);
      const query = route.query ? parseInput(route.query, Object.fromEntries(url.searchParams)) : {};
      const body = route.body ? await readBody(req) : { text: "", value: undefined };
      const parsedBody = route.body ? parseInput(route.body, body.value) : undefined;

      const key = route.idempotent ? req.headers.get("idempotency-key") : null;
      const claim = key
        ? await claimIdempotencyKey({
            userId: actor.userId,
            key,
            method: route.method,
            path: url.pathname,
            body: body.text,
          })
        : null;
      if (claim?.kind === "replay")
        return json(claim.response.status, claim.response.body, { "idempotent-replayed": "true" });

      const status = route.status ?? 200;
      let result: unknown;
      try {
        result = await route.handler({ actor, params, query, body: parsedBody, ip, req });
      } catch (err) {
        if (claim?.kind === "claimed") {
          const res = toErrorResponse(err);
          if (res.status >= 500) await claim.release();
          else await claim.finish({ status: res.status, body: await res.clone().text() });
          return res;
        }
        throw err;
      }
      const text = JSON.stringify(result);
      if (process.env.BERTH_API_CHECK_RESPONSES === "1") assertResponseShape(route, text);
      if (claim?.kind === "claimed") await claim.finish({ status, body: text });
      return json(status, text);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}

/** Tests run the panel with BERTH_API_CHECK_RESPONSES=1: every answer must match what the document says. */
function assertResponseShape(route: ApiRoute, text: string): void {
  const parsed = route.response.safeParse(JSON.parse(text));
  if (!parsed.success) {
    console.error(
      `response of ${route.operationId} does not match its schema`,
      z.prettifyError(parsed.error),
    );
    throw new Error(`response of ${route.operationId} does not match its schema`);
  }
}
