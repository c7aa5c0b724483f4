import { describe, expect, it } from "vitest";
import {
  bodyDigest,
  canonicalRequest,
  generateSigningKeyPair,
  HEADER,
  signReply,
  signRequest,
  verifyReply,
  verifyRequest,
} from "./signing";

const panel = generateSigningKeyPair();
const other = generateSigningKeyPair();
const now = 1_800_000_000;
const base = { method: "POST", path: "/v1/commands?wait=100", body: '{"a":1}', nodeId: "node-1" };

function signed(o: Partial<Parameters<typeof signRequest>[0]> = {}) {
  return signRequest({
    ...base,
    keyId: panel.keyId,
    privateKey: panel.privateKeyPem,
    now,
    nonce: "nonce-0123456789abcdef",
    ...o,
  });
}

function check(headers: Record<string, string>, o: Partial<Parameters<typeof verifyRequest>[0]> = {}) {
  return verifyRequest({
    ...base,
    headers,
    trustedKeys: [{ keyId: panel.keyId, publicKey: panel.publicKey }],
    now,
    ...o,
  });
}

describe("request signatures", () => {
  it("canonicalises exactly these fields, one per line", () => {
    const s = canonicalRequest("post", "/v1/x?y=1", bodyDigest("b"), {
      nodeId: "n",
      keyId: "k",
      created: 1,
      expires: 61,
      nonce: "abc",
    });
    expect(s).toBe(`berth-request-v1\nPOST\n/v1/x?y=1\n${bodyDigest("b")}\nn\nk\n1\n61\nabc`);
    expect(() =>
      canonicalRequest("GET", "/x\nevil", bodyDigest(""), {
        nodeId: "n",
        keyId: "k",
        created: 1,
        expires: 2,
        nonce: "a",
      }),
    ).toThrow();
  });

  it("verifies a good request", () => {
    const r = check(signed());
    expect(r.ok).toBe(true);
  });

  it("refuses each kind of tampering with a reason", () => {
    const h = signed();
    expect(check(h, { body: '{"a":2}' })).toEqual({ ok: false, reason: "body digest mismatch" });
    expect(check({ ...h, [HEADER.digest]: bodyDigest('{"a":2}') }, { body: '{"a":2}' })).toEqual({
      ok: false,
      reason: "bad signature",
    });
    expect(check(h, { path: "/v1/commands" })).toEqual({ ok: false, reason: "bad signature" });
    expect(check(h, { method: "PUT" })).toEqual({ ok: false, reason: "bad signature" });
    expect(check(h, { nodeId: "node-2" })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not this node"),
    });
    expect(check({ ...h, [HEADER.nonce]: "nonce-0123456789abcdeX" })).toEqual({
      ok: false,
      reason: "bad signature",
    });
    expect(check({ ...h, [HEADER.expires]: String(now + 120) })).toEqual({
      ok: false,
      reason: "bad signature",
    });
    expect(check(h, { trustedKeys: [{ keyId: other.keyId, publicKey: other.publicKey }] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("unknown key"),
    });
    expect(check(h, { trustedKeys: [{ keyId: panel.keyId, publicKey: other.publicKey }] })).toEqual({
      ok: false,
      reason: "bad signature",
    });
  });

  it("enforces the time window", () => {
    expect(check(signed({ now: now - 200, ttlSec: 60 }))).toEqual({ ok: false, reason: "expired" });
    expect(check(signed({ now: now + 120 }))).toEqual({ ok: false, reason: "created in the future" });
    expect(check(signed({ now: now + 10 })).ok).toBe(true);
    expect(check(signed({ ttlSec: 3600 }))).toEqual({ ok: false, reason: "validity window too long" });
  });

  it("accepts either of two trusted keys (rotation)", () => {
    const keys = [
      { keyId: panel.keyId, publicKey: panel.publicKey },
      { keyId: other.keyId, publicKey: other.publicKey },
    ];
    expect(
      check(signed({ keyId: other.keyId, privateKey: other.privateKeyPem }), { trustedKeys: keys }).ok,
    ).toBe(true);
    expect(check(signed(), { trustedKeys: keys }).ok).toBe(true);
  });

  it("binds replies to the request nonce", () => {
    const agent = generateSigningKeyPair();
    const headers = signReply({
      status: 200,
      body: "{}",
      nodeId: "node-1",
      requestNonce: "n1",
      keyId: agent.keyId,
      privateKey: agent.privateKeyPem,
    });
    const ok = {
      status: 200,
      body: "{}",
      headers,
      nodeId: "node-1",
      requestNonce: "n1",
      agentPublicKey: agent.publicKey,
    };
    expect(verifyReply(ok)).toBe(true);
    expect(verifyReply({ ...ok, requestNonce: "n2" })).toBe(false);
    expect(verifyReply({ ...ok, body: '{"x":1}' })).toBe(false);
    expect(verifyReply({ ...ok, status: 500 })).toBe(false);
  });
});
