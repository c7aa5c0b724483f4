import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

// Signed, expiring links through which a node's agent downloads a template file from the panel
// (app/api/templates/[templateId]/download/[file]/route.ts). The MAC binds the template, the node the
// link was made for and the expiry, so a link leaked from one node's log is useless for another template,
// another node, or after it expires. The key is derived from NEXTAUTH_SECRET with HKDF under its own
// label, so it is never the session-signing key itself.

/** How long a link stays valid: the agent starts its download within seconds of getting the command. */
export const DOWNLOAD_LINK_TTL_SECONDS = 15 * 60;

const HKDF_INFO = "berth template download link v1";

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), HKDF_INFO, 32));
}

function mac(secret: string, templateId: string, nodeId: string, expires: number): Buffer {
  // Fields joined by a newline, which none of them can contain (ids are cuid, expires is digits).
  return createHmac("sha256", deriveKey(secret)).update(`${templateId}\n${nodeId}\n${expires}`).digest();
}

export type DownloadLinkParams = { node: string; expires: string; sig: string };

/** The query of a signed link for one node, valid until now + ttl. */
export function signDownloadLink(options: {
  secret: string;
  templateId: string;
  nodeId: string;
  now?: Date;
  ttlSeconds?: number;
}): DownloadLinkParams {
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expires = nowSeconds + (options.ttlSeconds ?? DOWNLOAD_LINK_TTL_SECONDS);
  return {
    node: options.nodeId,
    expires: String(expires),
    sig: mac(options.secret, options.templateId, options.nodeId, expires).toString("base64url"),
  };
}

/**
 * True only for a link this panel signed for this template and node that has not expired. Every failure
 * looks the same to the caller (the route answers 404), and the MAC is compared in constant time.
 */
export function verifyDownloadLink(options: {
  secret: string;
  templateId: string;
  params: Partial<Record<keyof DownloadLinkParams, string | null>>;
  now?: Date;
}): boolean {
  const { node, expires, sig } = options.params;
  if (!node || !expires || !sig) return false;
  if (!/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{1,64}$/.test(node)) return false;
  const expiresAt = Number(expires);
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (expiresAt < nowSeconds) return false;
  // A link may not claim to live longer than the panel ever signs (a stolen key aside, this bounds replay).
  if (expiresAt > nowSeconds + DOWNLOAD_LINK_TTL_SECONDS + 60) return false;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(options.secret, options.templateId, node, expiresAt);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
