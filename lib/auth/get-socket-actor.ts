import "server-only";
import type { IncomingMessage } from "node:http";
import { getToken } from "next-auth/jwt";
import { getAllowedOrigins, getEnv } from "../env";
import type { UserActor } from "./actor";
import { loadUserActor } from "./load-user-actor";

/**
 * The signed-in user of a websocket upgrade (server.ts, outside Next's request context): the same session
 * cookie and the same checks as every page. The Origin must be the panel's own (or an allowed proxy
 * origin): a page on another site cannot open a console with the user's cookie.
 */
export async function getSocketActor(
  req: IncomingMessage,
): Promise<{ actor: UserActor | null; isOriginAllowed: boolean }> {
  const origin = req.headers.origin;
  const isOriginAllowed = typeof origin === "string" && getAllowedOrigins().includes(origin);
  const token = await getToken({
    // next-auth reads the session from a cookies object; the upgrade request only has the raw header.
    req: {
      headers: req.headers as Record<string, string>,
      cookies: parseCookies(req.headers.cookie),
    } as never,
    secret: getEnv().NEXTAUTH_SECRET,
  });
  const actor = await loadUserActor(token?.uid as string | undefined, token?.sv as number | undefined);
  return { actor, isOriginAllowed };
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    const name = i > 0 ? part.slice(0, i).trim() : "";
    if (name === "") continue;
    try {
      cookies[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      cookies[name] = part.slice(i + 1).trim();
    }
  }
  return cookies;
}
