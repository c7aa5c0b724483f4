import "server-only";
import { db } from "../db";
import { sampleNodeUsage } from "./sample-node-usage";
import { syncNode } from "./sync-node";

let started = false;

/**
 * Polls every joined node's agent for health and inventory every few seconds, so a node going offline or
 * a container stopped by hand shows in the panel within 15 s. Overlapping rounds are skipped.
 */
export function startNodePoller(options: { intervalMs?: number; sampleEveryMs?: number } = {}): void {
  if (started) return;
  started = true;
  const intervalMs = options.intervalMs ?? 5_000;
  const sampleEveryMs = options.sampleEveryMs ?? 60_000;
  let lastSample = 0;
  let isBusy = false;
  const round = async () => {
    if (isBusy) return;
    isBusy = true;
    try {
      const nodes = await db.node.findMany({
        where: { publicKey: { not: null } },
        select: { id: true, name: true, agentUrl: true, publicKey: true, tlsFingerprint: true },
      });
      const synced = await Promise.all(nodes.map(async (n) => ({ node: n, ...(await syncNode(n)) })));
      if (Date.now() - lastSample >= sampleEveryMs) {
        lastSample = Date.now();
        await Promise.all(
          synced
            .filter((s) => s.ok)
            .map((s) =>
              sampleNodeUsage(s.node).catch((err: unknown) =>
                console.error(`usage sample of ${s.node.name} failed`, err),
              ),
            ),
        );
      }
    } catch (err) {
      console.error("node poller: round failed", err);
    } finally {
      isBusy = false;
    }
  };
  void round();
  setInterval(round, intervalMs).unref();
}
