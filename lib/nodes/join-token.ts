import { createHash, randomBytes } from "node:crypto";

// One-time node join tokens: 32 random bytes shown once; the panel keeps only their SHA-256.
export const JOIN_TOKEN_TTL_MS = 60 * 60 * 1000;

export function createJoinToken(): { token: string; hash: string; expiresAt: Date } {
  const token = `bjt_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashJoinToken(token), expiresAt: new Date(Date.now() + JOIN_TOKEN_TTL_MS) };
}

export function hashJoinToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The command an admin runs on the host. Plain http for the agent only when it listens on loopback. */
export function getJoinCommand(panelUrl: string, token: string, agentUrl?: string): string {
  return ["berth-agent", "join", panelUrl, token, ...(agentUrl ? ["--agent-url", agentUrl] : [])].join(" ");
}
