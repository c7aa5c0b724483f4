import "server-only";
import { createHash } from "node:crypto";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { isUniqueViolation } from "../errors/prisma-errors";

const KEEP_MS = 24 * 3600_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type StoredResponse = { status: number; body: string };

export type IdempotencyClaim =
  | { kind: "replay"; response: StoredResponse }
  | { kind: "claimed"; finish(response: StoredResponse): Promise<void>; release(): Promise<void> };

/**
 * Claims an Idempotency-Key for one user's request. The first request with a key runs and its answer is
 * kept 24 h; a retry with the same key and the same request gets that answer again instead of running
 * twice; the same key with a different request, or while the first still runs, is refused.
 */
export async function claimIdempotencyKey(options: {
  userId: string;
  key: string;
  method: string;
  path: string;
  body: string;
}): Promise<IdempotencyClaim> {
  const { userId, key } = options;
  if (!KEY_PATTERN.test(key))
    throw new AppError(
      "VALIDATION",
      "Idempotency-Key must be 1 to 255 printable ASCII characters, e.g. a UUID.",
      {
        field: "Idempotency-Key",
      },
    );
  const requestHash = createHash("sha256")
    .update(`${options.method} ${options.path}\n${options.body}`)
    .digest("hex");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const row = await db.idempotencyKey.create({
        data: { userId, key, requestHash, expiresAt: new Date(Date.now() + KEEP_MS) },
        select: { id: true },
      });
      return {
        kind: "claimed",
        finish: async (response) => {
          await db.idempotencyKey.update({
            where: { id: row.id },
            data: { responseStatus: response.status, responseBody: response.body },
          });
        },
        // A failure that was not the client's fault (5xx): the client may retry with the same key.
        release: async () => {
          await db.idempotencyKey.deleteMany({ where: { id: row.id } });
        },
      };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const existing = await db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
    if (!existing) continue; // released meanwhile: claim again
    if (existing.expiresAt <= new Date()) {
      await db.idempotencyKey.deleteMany({ where: { id: existing.id } });
      continue;
    }
    if (existing.requestHash !== requestHash)
      throw new AppError(
        "CONFLICT",
        "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        { field: "Idempotency-Key", reason: "idempotency-key-reused" },
      );
    if (existing.responseStatus === null || existing.responseBody === null)
      throw new AppError(
        "CONFLICT",
        "The first request with this Idempotency-Key is still running. Retry in a moment with the same key.",
        { field: "Idempotency-Key", reason: "idempotency-in-progress", retryAfterSeconds: 1 },
      );
    return { kind: "replay", response: { status: existing.responseStatus, body: existing.responseBody } };
  }
  throw new AppError("CONFLICT", "Retry the request with the same Idempotency-Key.", {
    reason: "idempotency-in-progress",
    retryAfterSeconds: 1,
  });
}

/** Drops answers older than 24 h (called from the background jobs). */
export async function pruneIdempotencyKeys(now = new Date()): Promise<number> {
  const res = await db.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } });
  return res.count;
}
