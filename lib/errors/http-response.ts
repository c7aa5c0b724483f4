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
  return new Response(JSON.stringify(body), { status, headers });
}
