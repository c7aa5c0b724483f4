import "server-only";
import { createPrivateKey, type KeyObject } from "node:crypto";
import { generateSigningKeyPair, type TrustedKey } from "@/agent/protocol";
import { openSecret, sealSecret } from "../auth/secret-box";
import { db } from "../db";

export type PanelSigningKey = { keyId: string; publicKey: string; privateKey: KeyObject };

let cached: PanelSigningKey | undefined;

/**
 * The key the panel signs agent commands with: the newest key not retired. Made on first use; kept in the
 * database (sealed) so every panel instance signs with the same key.
 */
export async function getPanelSigningKey(): Promise<PanelSigningKey> {
  if (cached) return cached;
  let row = await db.panelKey.findFirst({
    where: { retiredAt: null },
    orderBy: { createdAt: "desc" },
    select: { keyId: true, publicKey: true, privateKeySealed: true },
  });
  if (!row) {
    const pair = generateSigningKeyPair();
    row = await db.panelKey.create({
      data: {
        keyId: pair.keyId,
        publicKey: pair.publicKey,
        privateKeySealed: sealSecret(pair.privateKeyPem),
      },
      select: { keyId: true, publicKey: true, privateKeySealed: true },
    });
  }
  cached = {
    keyId: row.keyId,
    publicKey: row.publicKey,
    privateKey: createPrivateKey(openSecret(row.privateKeySealed)),
  };
  return cached;
}

/** The panel keys agents should trust: the newest two not retired (the current one and, during a rotation, the old). */
export async function listTrustedPanelKeys(): Promise<TrustedKey[]> {
  await getPanelSigningKey();
  const rows = await db.panelKey.findMany({
    where: { retiredAt: null },
    orderBy: { createdAt: "desc" },
    take: 2,
    select: { keyId: true, publicKey: true },
  });
  return rows;
}
