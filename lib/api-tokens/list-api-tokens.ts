import "server-only";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

/** The actor's own API tokens, newest first (revoked and expired ones too, so the history is visible). */
export async function listApiTokens(options: { actor: UserActor }) {
  const { actor } = options;
  authorize(actor, "api-token.manage", null);
  const rows = await db.apiToken.findMany({
    where: { userId: actor.userId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      expiresAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
      revokedAt: true,
      createdAt: true,
    },
  });
  return rows.map((r) => ({ ...r, scopes: r.scopes.split(" ").filter(Boolean) }));
}
