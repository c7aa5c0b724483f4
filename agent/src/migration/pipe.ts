import { migrationStreamTargetSchema } from "../../protocol/migration";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentIdentity } from "../server/identity";
import { readSession } from "./migrate";
import { DestinationClient } from "./transport";

// `berth-agent migrate-pipe <host> rsync --server ...`: rsync's remote shell during a migration (see
// transport.ts). rsync runs it with the words of the remote command; this opens the authenticated stream to
// the destination agent, which runs that rsync server itself (after checking the words), and relays bytes
// between rsync's pipes and the stream. The session (destination, ticket) comes from a 0600 file named by
// BERTH_MIGRATION_SESSION, set by the migrating agent for its own rsync only.

export async function migratePipeMain(driver: LxcDriver, argv: string[]): Promise<number> {
  const file = process.env.BERTH_MIGRATION_SESSION;
  if (!file) {
    process.stderr.write("migrate-pipe: only rsync started by a migration runs this\n");
    return 2;
  }
  const at = argv.indexOf("rsync");
  if (at < 1) {
    process.stderr.write("migrate-pipe: expected <host> rsync --server ...\n");
    return 2;
  }
  try {
    const session = await readSession(file);
    const target = migrationStreamTargetSchema.parse(process.env.BERTH_MIGRATION_TARGET ?? "root");
    const key = await new AgentIdentity(driver.paths).signingKey();
    const client = new DestinationClient(session.destination, session.ticket, key);
    const sock = await client.openStream(target, argv.slice(at + 1));
    await new Promise<void>((resolve) => {
      sock.on("error", () => resolve());
      sock.on("close", () => resolve());
      process.stdin.pipe(sock);
      sock.pipe(process.stdout);
    });
    return 0;
  } catch (err) {
    process.stderr.write(`migrate-pipe: ${(err as Error).message}\n`);
    return 12;
  }
}
