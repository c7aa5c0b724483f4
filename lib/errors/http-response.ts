import { getHttpStatus, getPublicMessage, isAppError } from "./app-error";

/** The one mapping of errors for route handlers: problem+json with a stable code, never a stack. */
export function toErrorResponse(err: unknown): Response {
  if (!isAppError(err)) console.error("route failed", err);
  const status = isAppError(err) ? getHttpStatus(err) : 500;
  const body = {
    type: "about:blank",
    title: isAppError(err) ? err.code : "INTERNAL",
    status,
    detail: getPublicMessage(err),
    code: isAppError(err) ? err.code : "INTERNAL",
    ...(isAppError(err) && err.field ? { field: err.field } : {}),
    ...(isAppError(err) && err.reason ? { reason: err.reason } : {}),
  };
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (isAppError(err) && err.retryAfterSeconds) headers["retry-after"] = String(err.retryAfterSeconds);
  return textResponse(status, JSON.stringify(body), headers);
}

const knownBodies = new WeakMap<Response, string>();

/**
 * A Response whose body text is remembered, so server.ts's own /api/v1 server writes it out without
 * reading the Response's stream back (bench/panel-api-load: a few per cent of the CPU per request).
 */
export function textResponse(status: number, text: string, headers: Record<string, string>): Response {
  const res = new Response(text, { status, headers });
  knownBodies.set(res, text);
  return res;
}

/** The body text of a Response made by textResponse, if it was; undefined for any other Response. */
export function knownBodyOf(res: Response): string | undefined {
  return knownBodies.get(res);
}
