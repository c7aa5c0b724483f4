import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import { createJoinToken, getJoinCommand } from "./join-token";
import { createNodeSchema } from "./schemas";

/**
 * Adds a node in the PENDING state with a one-time join token (valid one hour). The token is returned once,
 * inside the exact `berth-agent join` command to run on the host.
 */
export async function createNode(options: { actor: Actor; input: unknown; ip?: string; agentUrl?: string }) {
  const { actor } = options;
  authorize(actor, "node.manage", null);
  const { name } = parseInput(createNodeSchema, options.input);
  const join = createJoinToken();
  try {
    const node = await db.$transaction(async (tx) => {
      const created = await tx.node.create({
        data: { name, agentUrl: "", joinTokenHash: join.hash, joinTokenExpiresAt: join.expiresAt },
        select: { id: true, name: true },
      });
      await recordAuditEvent({
        tx,
        actor,
        action: "node.create",
        result: "success",
        targetType: "node",
        targetId: created.id,
        ip: options.ip,
        details: { name },
      });
      return created;
    });
    return {
      node,
      joinToken: join.token,
      expiresAt: join.expiresAt,
      joinCommand: getJoinCommand(getEnv().NEXTAUTH_URL, join.token, options.agentUrl),
    };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("CONFLICT", `A node named "${name}" already exists. Choose another name.`, {
        field: "name",
      });
    }
    throw err;
  }
}
