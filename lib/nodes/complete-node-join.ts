import "server-only";
import { type JoinResponse, joinRequestSchema, keyIdOf, PROTOCOL_VERSION } from "@/agent/protocol";
import { recordAuditEvent } from "../audit/record-audit-event";
import { SYSTEM_ACTOR } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { hashJoinToken } from "./join-token";
import { listTrustedPanelKeys } from "./panel-keys";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * The panel side of `berth-agent join`: spends the one-time token, pins the agent's public key and TLS
 * fingerprint on the node, and answers with the node id and the panel keys the agent must trust.
 */
export async function completeNodeJoin(options: { input: unknown; ip?: string }): Promise<JoinResponse> {
  const parsed = joinRequestSchema.safeParse(options.input);
  if (!parsed.success) {
    throw new AppError(
      "VALIDATION",
      `join request is malformed: ${parsed.error.issues[0]?.message ?? "check the agent version"}`,
    );
  }
  const req = parsed.data;
  const agentUrl = new URL(req.agentUrl);
  if (agentUrl.protocol === "http:" && !LOOPBACK.test(agentUrl.hostname)) {
    throw new AppError(
      "VALIDATION",
      "The agent URL must be https (plain http only for an agent on loopback).",
    );
  }
  if (agentUrl.protocol === "https:" && !req.tlsFingerprint) {
    throw new AppError(
      "VALIDATION",
      "An https agent must send its certificate fingerprint for the panel to pin.",
    );
  }
  if (keyIdOf(req.nodePublicKey) !== req.nodeKeyId) {
    throw new AppError("VALIDATION", "The agent's key id does not match its public key.");
  }
  const now = new Date();
  const tokenHash = hashJoinToken(req.token);
  const panelKeys = await listTrustedPanelKeys();
  const node = await db.$transaction(async (tx) => {
    // Compare-and-set on the token hash: two joins racing with one token cannot both succeed.
    const spent = await tx.node.updateMany({
      where: { joinTokenHash: tokenHash, joinTokenExpiresAt: { gt: now }, status: "PENDING" },
      data: {
        joinTokenHash: null,
        joinTokenExpiresAt: null,
        publicKey: req.nodePublicKey,
        agentKeyId: req.nodeKeyId,
        tlsFingerprint: req.tlsFingerprint,
        agentUrl: agentUrl.toString().replace(/\/$/, ""),
        hostname: req.hostname,
        status: "OFFLINE", // ONLINE once the poller has heard from it
      },
    });
    if (spent.count !== 1) return null;
    const joined = await tx.node.findFirst({
      where: { agentKeyId: req.nodeKeyId, publicKey: req.nodePublicKey },
      orderBy: { updatedAt: "desc" },
      select: { id: true, name: true },
    });
    if (joined) {
      await recordAuditEvent({
        tx,
        actor: SYSTEM_ACTOR,
        action: "node.join",
        result: "success",
        targetType: "node",
        targetId: joined.id,
        ip: options.ip,
        details: { hostname: req.hostname, agentUrl: req.agentUrl, keyId: req.nodeKeyId },
      });
    }
    return joined;
  });
  if (!node) {
    await recordAuditEvent({
      actor: { kind: "anonymous", label: req.hostname },
      action: "node.join",
      result: "denied",
      ip: options.ip,
      details: { reason: "unknown, used or expired token" },
    });
    throw new AppError(
      "NOT_FOUND",
      "This join token is unknown, already used or expired. In the panel, open the node and make a new join command.",
    );
  }
  return { protocolVersion: PROTOCOL_VERSION, nodeId: node.id, panelKeys };
}
