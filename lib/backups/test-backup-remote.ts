import "server-only";
import { randomBytes } from "node:crypto";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { AppError } from "../errors/app-error";
import { getBackupRemote, requestRemoteObject } from "./backup-remote";

/**
 * Proves the remote store takes what the backups will ask of it: writes a small object under the prefix,
 * reads it back and deletes it, with the saved settings. Says which step the store refused, and why.
 */
export async function testBackupRemote(options: { actor: Actor }) {
  authorize(options.actor, "settings.manage", null);
  const remote = await getBackupRemote();
  if (!remote) throw new AppError("NOT_FOUND", "No remote store is set up.");
  const key = `${remote.prefix}berth-test-${randomBytes(6).toString("hex")}.txt`;
  const body = `Berth can write here (${new Date().toISOString()}).\n`;
  const steps: ["write" | "read" | "delete", "PUT" | "GET" | "DELETE"][] = [
    ["write", "PUT"],
    ["read", "GET"],
    ["delete", "DELETE"],
  ];
  for (const [step, method] of steps) {
    let answer: Awaited<ReturnType<typeof requestRemoteObject>>;
    try {
      answer = await requestRemoteObject(remote, method, key, method === "PUT" ? body : undefined);
    } catch (err) {
      throw new AppError(
        "UNAVAILABLE",
        `The store at ${remote.endpoint} did not answer: ${(err as Error).message}. Check the address.`,
      );
    }
    if (answer.error)
      throw new AppError(
        "UNAVAILABLE",
        `The store refused to ${step} ${key} in bucket ${remote.bucket}: ${answer.error}.`,
      );
    if (method === "GET" && answer.body !== body)
      throw new AppError("UNAVAILABLE", `The store gave back other bytes than were written to ${key}.`);
  }
  return { endpoint: remote.endpoint, bucket: remote.bucket, key };
}
