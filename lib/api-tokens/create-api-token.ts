import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { CUSTOMER_TOKEN_SCOPES, createApiTokenSchema } from "./schemas";
import { newApiTokenSecret } from "./token-secret";

const MAX_ACTIVE_TOKENS = 50;

/**
 * Creates an API token for the actor. The secret is returned once and never stored; a token never
 * reaches further than its user (a customer's token is at most read + operate on their own tenant).
 */
export async function createApiToken(options: { actor: UserActor; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "api-token.manage", { type: "api-token", id: "", userId: actor.userId });
  if (actor.tokenId) {
    // A token minting tokens would outlive its own revocation.
    throw new AppError("FORBIDDEN", "API tokens are created in the panel's Account page, not with a token.");
  }
  const input = parseInput(createApiTokenSchema, options.input);
  if (actor.role !== "ADMIN") {
    const extra = input.scopes.find((s) => !CUSTOMER_TOKEN_SCOPES.includes(s));
    if (extra)
      throw new AppError("VALIDATION", `Your account cannot give a token the "${extra}" scope.`, {
        field: "scopes",
      });
  }
  const active = await db.apiToken.count({
    where: {
      userId: actor.userId,
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    },
  });
  if (active >= MAX_ACTIVE_TOKENS)
    throw new AppError("CONFLICT", `You have ${active} active tokens; revoke unused ones first.`);

  const { secret, prefix, hash } = newApiTokenSecret();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const token = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name: input.name,
        prefix,
        tokenHash: hash,
        scopes: input.scopes.join(" "),
        userId: actor.userId,
        expiresAt,
      },
      select: { id: true, name: true, prefix: true, expiresAt: true },
    });
    await recordAuditEvent({
      tx,
      actor,
      action: "api-token.create",
      result: "success",
      targetType: "api-token",
      targetId: created.id,
      ip: options.ip,
      details: { name: input.name, prefix, scopes: input.scopes, expiresAt },
    });
    return created;
  });
  return { token: { ...token, scopes: input.scopes as string[] }, secret };
}
