import "server-only";
import { hashApiTokenSecret, looksLikeApiToken } from "../api-tokens/token-secret";
import type { UserActor } from "../auth/actor";
import type { Scope } from "../auth/permissions";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/** lastUsedAt is written at most this often per token, so a busy client does not write on every call. */
const LAST_USED_WRITE_MS = 60_000;

const BAD_TOKEN =
  "This API token is not valid: it is unknown, revoked or expired. Create a new one in Account → API tokens.";

const TOKEN_SELECT = {
  id: true,
  scopes: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  user: {
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      tenantId: true,
      locale: true,
      isDisabled: true,
      tenant: { select: { status: true, suspendedReason: true } },
    },
  },
} as const;

type TokenRow = NonNullable<Awaited<ReturnType<typeof readToken>>>;

function readToken(tokenHash: string) {
  return db.apiToken.findUnique({ where: { tokenHash }, select: TOKEN_SELECT });
}

/**
 * A token, its user and tenant as read at most TOKEN_CACHE_MS ago: three queries a request saved for a
 * client that calls many times a second (bench/panel-api-load). Whatever this panel changes about them
 * (revocation, a disabled account, a suspended tenant, the user's locale) calls forgetCachedApiTokens()
 * and counts at once; a change made by another process counts within TOKEN_CACHE_MS. Expiry is checked on
 * every request against the clock. Unknown tokens are not cached.
 */
const TOKEN_CACHE_MS = 2_000;
const tokenCache = new Map<string, { row: TokenRow; readAt: number }>();

async function findToken(tokenHash: string): Promise<TokenRow | null> {
  const now = Date.now();
  const hit = tokenCache.get(tokenHash);
  if (hit && now - hit.readAt < TOKEN_CACHE_MS) return hit.row;
  const generation = cacheGeneration;
  const row = await readToken(tokenHash);
  if (hit) tokenCache.delete(tokenHash);
  // A forget that came while the row was read may postdate it: then it is not kept.
  if (row && generation === cacheGeneration) {
    if (tokenCache.size >= 10_000) tokenCache.clear();
    tokenCache.set(tokenHash, { row, readAt: now });
  }
  return row;
}

let cacheGeneration = 0;

function clearThisModulesCache(): void {
  cacheGeneration++;
  tokenCache.clear();
}

// This module is loaded twice in the panel's thread: by Next's server build (the pages and their server
// actions, where a token is revoked) and by server.ts (the API). The forget must reach both copies' caches,
// and the API threads' (lib/api/api-threads.ts listens), so the hooks live on the thread's global object.
type ForgetRegistry = { caches: Set<() => void>; listeners: Set<() => void> };
const REGISTRY_KEY = Symbol.for("berth.api-token-cache");
const holder = globalThis as { [REGISTRY_KEY]?: ForgetRegistry };
holder[REGISTRY_KEY] ??= { caches: new Set(), listeners: new Set() };
const registry: ForgetRegistry = holder[REGISTRY_KEY];
registry.caches.add(clearThisModulesCache);

/** Drops every cached token: call after changing a token, a user or a tenant the API acts for. */
export function forgetCachedApiTokens(): void {
  clearCachedApiTokens();
  for (const listener of registry.listeners) listener();
}

/** Drops this thread's cached tokens only (the API threads relay a forget with it, lib/api/api-threads.ts). */
export function clearCachedApiTokens(): void {
  for (const clear of registry.caches) clear();
}

/** Runs `listener` after each forgetCachedApiTokens() in this thread. */
export function onForgetCachedApiTokens(listener: () => void): void {
  registry.listeners.add(listener);
}

/**
 * The actor of an /api/v1 request: only from `Authorization: Bearer <token>`. The panel's session cookie is
 * never accepted here (a page's cookie cannot be ridden by another site's form into the API), and a token
 * is never accepted from a cookie.
 */
export async function authenticateApiRequest(req: Request, ip: string): Promise<UserActor> {
  const header = req.headers.get("authorization");
  if (!header) {
    const hint = req.headers.get("cookie") ? " The panel's sign-in cookie is not accepted by the API." : "";
    throw new AppError(
      "UNAUTHENTICATED",
      `Send an API token as "Authorization: Bearer <token>".${hint} Create one in Account → API tokens.`,
      { reason: "token-missing" },
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1] || !looksLikeApiToken(match[1]))
    throw new AppError("UNAUTHENTICATED", BAD_TOKEN, { reason: "token-invalid" });
  const token = await findToken(hashApiTokenSecret(match[1]));
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now))
    throw new AppError("UNAUTHENTICATED", BAD_TOKEN, { reason: "token-invalid" });
  const { user } = token;
  if (user.isDisabled)
    throw new AppError("UNAUTHENTICATED", "The account this token belongs to is disabled.", {
      reason: "account-disabled",
    });
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_WRITE_MS) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now, lastUsedIp: ip } });
    token.lastUsedAt = now;
  }
  const suspended = user.tenant?.status === "SUSPENDED";
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tenantId: user.tenantId,
    locale: user.locale,
    isDisabled: false,
    tokenId: token.id,
    tokenScopes: token.scopes.split(" ").filter(Boolean) as Scope[],
    tenantSuspended: suspended,
    tenantSuspendedReason: suspended ? user.tenant?.suspendedReason : null,
  };
}
