import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from "node:crypto";

// Request signatures, in the spirit of RFC 9421: the signer covers method, path and query, the body's
// SHA-256, the node the request is for, the key id, created/expires and a nonce. Replies are signed by
// the agent over status, body digest, node, created and the request's nonce (so a reply cannot be replayed
// as the answer to another request). Keys are Ed25519; public keys travel as base64 SPKI DER.

export const HEADER = {
  digest: "content-digest",
  node: "berth-node",
  keyId: "berth-key-id",
  created: "berth-created",
  expires: "berth-expires",
  nonce: "berth-nonce",
  signature: "berth-signature",
} as const;

/** Accepted clock difference between panel and agent, seconds. */
export const MAX_SKEW_SEC = 30;
/** Longest validity a request may ask for, seconds; also how long nonces must be remembered. */
export const MAX_TTL_SEC = 300;

export type KeyPair = { publicKey: string; privateKeyPem: string; keyId: string };
export type TrustedKey = { keyId: string; publicKey: string };

export function generateSigningKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pub = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  return {
    publicKey: pub,
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    keyId: keyIdOf(pub),
  };
}

/** A key id derived from the public key: "ed25519:" + first 16 bytes of its SHA-256, base64url. */
export function keyIdOf(publicKeyB64: string): string {
  return `ed25519:${createHash("sha256").update(Buffer.from(publicKeyB64, "base64")).digest().subarray(0, 16).toString("base64url")}`;
}

export function bodyDigest(body: string | Uint8Array | undefined): string {
  return `sha-256=:${createHash("sha256")
    .update(body ?? "")
    .digest("base64")}:`;
}

function publicKeyObject(b64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(b64, "base64"), format: "der", type: "spki" });
}

function privateKeyObject(pem: string | KeyObject): KeyObject {
  return typeof pem === "string" ? createPrivateKey(pem) : pem;
}

export type SignatureFields = {
  nodeId: string;
  keyId: string;
  created: number;
  expires: number;
  nonce: string;
};

/** The exact bytes signed for a request. Newlines cannot occur inside fields (checked on both sides). */
export function canonicalRequest(
  method: string,
  pathAndQuery: string,
  digest: string,
  f: SignatureFields,
): string {
  const parts = [
    "berth-request-v1",
    method.toUpperCase(),
    pathAndQuery,
    digest,
    f.nodeId,
    f.keyId,
    String(f.created),
    String(f.expires),
    f.nonce,
  ];
  for (const p of parts) if (/[\r\n]/.test(p)) throw new Error("signature field contains a newline");
  return parts.join("\n");
}

export function canonicalReply(
  status: number,
  digest: string,
  nodeId: string,
  created: number,
  requestNonce: string,
): string {
  return ["berth-reply-v1", String(status), digest, nodeId, String(created), requestNonce].join("\n");
}

export type SignRequestOptions = {
  method: string;
  /** Path and query exactly as sent, e.g. "/v1/operations/abc?after=3". */
  path: string;
  body?: string | Uint8Array;
  nodeId: string;
  keyId: string;
  privateKey: string | KeyObject;
  /** Unix seconds; defaults to now. */
  now?: number;
  ttlSec?: number;
  nonce?: string;
};

/** Returns the headers to add to the request. */
export function signRequest(o: SignRequestOptions): Record<string, string> {
  const created = o.now ?? Math.floor(Date.now() / 1000);
  const f: SignatureFields = {
    nodeId: o.nodeId,
    keyId: o.keyId,
    created,
    expires: created + (o.ttlSec ?? 60),
    nonce: o.nonce ?? randomBytes(16).toString("base64url"),
  };
  const digest = bodyDigest(o.body);
  const sig = sign(
    null,
    Buffer.from(canonicalRequest(o.method, o.path, digest, f)),
    privateKeyObject(o.privateKey),
  );
  return {
    [HEADER.digest]: digest,
    [HEADER.node]: f.nodeId,
    [HEADER.keyId]: f.keyId,
    [HEADER.created]: String(f.created),
    [HEADER.expires]: String(f.expires),
    [HEADER.nonce]: f.nonce,
    [HEADER.signature]: sig.toString("base64"),
  };
}

export type VerifyResult = { ok: true; fields: SignatureFields } | { ok: false; reason: string };

export type VerifyRequestOptions = {
  method: string;
  path: string;
  body: string | Uint8Array;
  headers: Record<string, string | string[] | undefined>;
  nodeId: string;
  trustedKeys: TrustedKey[];
  now?: number;
};

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? undefined : v;
}

/** Checks signature, key, node, digest and time window. The nonce's freshness is the caller's (a store). */
export function verifyRequest(o: VerifyRequestOptions): VerifyResult {
  const get = (n: string) => header(o.headers, n);
  const sigB64 = get(HEADER.signature);
  const nodeId = get(HEADER.node);
  const keyId = get(HEADER.keyId);
  const createdS = get(HEADER.created);
  const expiresS = get(HEADER.expires);
  const nonce = get(HEADER.nonce);
  const digest = get(HEADER.digest);
  if (!sigB64 || !nodeId || !keyId || !createdS || !expiresS || !nonce || !digest)
    return { ok: false, reason: "missing signature header" };
  if (!/^\d{1,12}$/.test(createdS) || !/^\d{1,12}$/.test(expiresS))
    return { ok: false, reason: "bad created/expires" };
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(nonce)) return { ok: false, reason: "bad nonce" };
  const f: SignatureFields = { nodeId, keyId, created: Number(createdS), expires: Number(expiresS), nonce };
  const key = o.trustedKeys.find((k) => k.keyId === keyId);
  if (!key) return { ok: false, reason: `unknown key ${keyId}` };
  if (nodeId !== o.nodeId) return { ok: false, reason: `request is for node ${nodeId}, not this node` };
  if (digest !== bodyDigest(o.body)) return { ok: false, reason: "body digest mismatch" };
  let valid = false;
  try {
    valid = verify(
      null,
      Buffer.from(canonicalRequest(o.method, o.path, digest, f)),
      publicKeyObject(key.publicKey),
      Buffer.from(sigB64, "base64"),
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: "bad signature" };
  const now = o.now ?? Math.floor(Date.now() / 1000);
  if (f.created > now + MAX_SKEW_SEC) return { ok: false, reason: "created in the future" };
  if (f.expires < now - MAX_SKEW_SEC) return { ok: false, reason: "expired" };
  if (f.expires <= f.created || f.expires - f.created > MAX_TTL_SEC)
    return { ok: false, reason: "validity window too long" };
  return { ok: true, fields: f };
}

export const REPLY_HEADER = {
  signature: "berth-reply-signature",
  created: "berth-reply-created",
  keyId: "berth-reply-key-id",
} as const;

export function signReply(o: {
  status: number;
  body: string;
  nodeId: string;
  requestNonce: string;
  keyId: string;
  privateKey: string | KeyObject;
  now?: number;
}): Record<string, string> {
  const created = o.now ?? Math.floor(Date.now() / 1000);
  const digest = bodyDigest(o.body);
  const sig = sign(
    null,
    Buffer.from(canonicalReply(o.status, digest, o.nodeId, created, o.requestNonce)),
    privateKeyObject(o.privateKey),
  );
  return {
    [HEADER.digest]: digest,
    [REPLY_HEADER.created]: String(created),
    [REPLY_HEADER.keyId]: o.keyId,
    [REPLY_HEADER.signature]: sig.toString("base64"),
  };
}

export function verifyReply(o: {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  nodeId: string;
  requestNonce: string;
  agentPublicKey: string;
}): boolean {
  const sig = header(o.headers, REPLY_HEADER.signature);
  const created = header(o.headers, REPLY_HEADER.created);
  if (!sig || !created) return false;
  try {
    return verify(
      null,
      Buffer.from(canonicalReply(o.status, bodyDigest(o.body), o.nodeId, Number(created), o.requestNonce)),
      publicKeyObject(o.agentPublicKey),
      Buffer.from(sig, "base64"),
    );
  } catch {
    return false;
  }
}
