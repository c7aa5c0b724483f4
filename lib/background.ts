import "server-only";
import { startBackupScheduler } from "./backups/run-backup-schedules";
import { startNodePoller } from "./nodes/start-node-poller";
import { startTaskWorker } from "./tasks/worker";

/** Started once per panel process by server.ts: the task worker and the node poller. */
export function startBackgroundJobs(): void {
  if (process.env.BERTH_BACKGROUND_JOBS === "0") return;
  startTaskWorker();
  startNodePoller();
  startBackupScheduler();
}
