import "server-only";
import { db } from "../db";
import { syncNode } from "./sync-node";

let started = false;

/**
 * Polls every joined node's agent for health and inventory every few seconds, so a node going offline or
 * a container stopped by hand shows in the panel within 15 s. Overlapping rounds are skipped.
 */
export function startNodePoller(options: { intervalMs?: number } = {}): void {
  if (started) return;
  started = true;
  const intervalMs = options.intervalMs ?? 5_000;
  let isBusy = false;
  const round = async () => {
    if (isBusy) return;
    isBusy = true;
    try {
      const nodes = await db.node.findMany({
        where: { publicKey: { not: null } },
        select: { id: true, name: true, agentUrl: true, publicKey: true, tlsFingerprint: true },
      });
      await Promise.all(nodes.map((n) => syncNode(n)));
    } catch (err) {
      console.error("node poller: round failed", err);
    } finally {
      isBusy = false;
    }
  };
  void round();
  setInterval(round, intervalMs).unref();
}
