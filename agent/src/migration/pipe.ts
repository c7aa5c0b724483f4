import { readFile } from "node:fs/promises";
import path from "node:path";
import { keyIdOf } from "../../protocol/signing";
import { AgentPaths } from "../paths";
import { openRsyncStream, type StreamDestination, type StreamTicket } from "./stream";

// rsync's remote shell during a migration: `<pipe> <host> rsync --server ...` (see transport.ts). rsync runs
// it with the words of the remote command; this opens the authenticated stream to the destination agent,
// which runs that rsync server itself (after checking the words), and relays bytes between rsync's pipes
// and the stream. The session (destination, ticket) comes from a 0600 file named by BERTH_MIGRATION_SESSION,
// set by the migrating agent for its own rsync only. Runs as `berth-agent migrate-pipe` or, faster, as the
// small bundle agent/dist/migrate-pipe.mjs; it imports no zod so that it starts in tens of milliseconds.

export async function runPipe(argv: string[]): Promise<number> {
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
    // Our own file, written by the migrating agent (0600, in its 0700 directory).
    const session = JSON.parse(await readFile(file, "utf8")) as {
      destination: StreamDestination;
      ticket: StreamTicket;
    };
    const target = process.env.BERTH_MIGRATION_TARGET === "dump" ? "dump" : "root";
    const dir = new AgentPaths().agentDir;
    const privateKeyPem = await readFile(path.join(dir, "agent-key.pem"), "utf8");
    const publicKey = (await readFile(path.join(dir, "agent-key.pub"), "utf8")).trim();
    const sock = await openRsyncStream(
      session.destination,
      session.ticket,
      { keyId: keyIdOf(publicKey), privateKeyPem },
      target,
      argv.slice(at + 1),
    );
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
