import { z } from "zod";
import { PROTOCOL_VERSION } from "./version";

// Enrollment: `berth-agent join <panel-url> <token>` POSTs a JoinRequest to <panel-url>/api/agent/join.
// The panel checks the one-time token, stores the node's public key and TLS fingerprint, and answers with
// the node id and the panel's public key(s), which the agent pins.

export const JOIN_PATH = "/api/agent/join";

export const joinRequestSchema = z
  .object({
    protocolVersion: z.literal(PROTOCOL_VERSION),
    token: z.string().min(16).max(256),
    /** base64 SPKI DER of the agent's Ed25519 key; replies are signed with it. */
    nodePublicKey: z.string().max(200),
    nodeKeyId: z.string(),
    hostname: z.string().max(253),
    /** Where the panel reaches the agent, e.g. https://node1.example.net:7443 */
    agentUrl: z.url(),
    /** SHA-256 of the agent's self-signed TLS certificate (DER), hex with colons as openssl prints it; the panel pins it. */
    tlsFingerprint: z
      .string()
      .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
      .nullable(),
  })
  .strict();
export type JoinRequest = z.infer<typeof joinRequestSchema>;

export const joinResponseSchema = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  nodeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  panelKeys: z
    .array(z.object({ keyId: z.string(), publicKey: z.string() }))
    .min(1)
    .max(2),
});
export type JoinResponse = z.infer<typeof joinResponseSchema>;
