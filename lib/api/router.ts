import "server-only";
import { AppError } from "../errors/app-error";
import { toErrorResponse } from "../errors/http-response";
import { type ApiMethod, type ApiRoute, toRouteHandler } from "./define-api-route";
import { API_ROUTES } from "./registry";

type Compiled = {
  route: ApiRoute;
  pattern: RegExp;
  names: string[];
  handle: ReturnType<typeof toRouteHandler>;
};

function compile(route: ApiRoute): Compiled {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}/?$`), names, handle: toRouteHandler(route) };
}

const compiled = API_ROUTES.map(compile);

/** Finds the operation for a path under /api/v1 (e.g. "/containers/abc/start"). */
export function matchApiRoute(
  method: string,
  path: string,
): { found: Compiled; params: Record<string, string> } | { allowed: ApiMethod[] } | null {
  const allowed: ApiMethod[] = [];
  for (const c of compiled) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    if (c.route.method !== method) {
      allowed.push(c.route.method);
      continue;
    }
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1] ?? "");
    });
    return { found: c, params };
  }
  return allowed.length ? { allowed } : null;
}

/** The handler app/api/v1/[...path]/route.ts exports for every method. */
export async function dispatchApiRequest(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const path = url.pathname.replace(/^\/api\/v1/, "") || "/";
  let match: ReturnType<typeof matchApiRoute>;
  try {
    match = matchApiRoute(req.method, path);
  } catch {
    match = null; // a malformed %-escape
  }
  if (!match)
    return toErrorResponse(
      new AppError("NOT_FOUND", "No such API endpoint. See /api/v1/openapi.json for the list."),
    );
  if ("allowed" in match) {
    const detail = `Use ${match.allowed.join(" or ")} for this endpoint.`;
    const body = {
      type: "about:blank",
      title: "METHOD_NOT_ALLOWED",
      status: 405,
      detail,
      code: "METHOD_NOT_ALLOWED",
    };
    return new Response(JSON.stringify(body), {
      status: 405,
      headers: { "content-type": "application/problem+json", allow: match.allowed.join(", ") },
    });
  }
  return match.found.handle(req, { params: Promise.resolve(match.params) });
}
