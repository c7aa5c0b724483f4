import "server-only";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors/app-error";
import { listNodeSummaries } from "./list-node-summaries";

/** One node as the REST API shows it: capacity, allocation, last contact; no keys or join token. */
export async function getNodeSummary(options: { actor: Actor; nodeId: string }) {
  const [node] = await listNodeSummaries(options);
  if (!node) throw new AppError("NOT_FOUND", "Not found. Check the address, or go back to the list.");
  return node;
}
