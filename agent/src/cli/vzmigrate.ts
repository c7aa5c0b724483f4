import { existsSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import { z } from "zod";
import {
  migrationTicketSchema,
  nodeIdSchema,
  nodePublicKeySchema,
  tlsFingerprintSchema,
} from "../../protocol/migration";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { formatMs } from "../migration/format";
import { migrateContainer } from "../migration/migrate";
import { MigrationTickets } from "../migration/tickets";
import { AgentIdentity } from "../server/identity";
import { reportError } from "./vzctl";

// vzmigrate(8) for Berth nodes, and the ticket a destination issues for it. With a panel, the panel does both
// halves (it asks the destination for the ticket and sends the source a signed command); these commands are
// the same thing by hand, for an operator with root on both nodes:
//
//   dst# berth-agent migration-ticket --ctid 101 --source-node node1 --source-key "$(cat src-agent-key.pub)" > t.json
//   src# berth-agent vzmigrate --online --ticket t.json https://node2:7443 101

const VZMIGRATE_USAGE = `Usage: berth-agent vzmigrate [--online | --live [--fallback-online]] [--keep-dst] [--dry-run]
       [-r yes|no] --ticket FILE <destination-url> <CTID>
  --online            near-live: copy while running, copy the delta, stop, final copy, start there
  --live              checkpoint/restore with CRIU (refused where criu check fails)
  --fallback-online   with --live: migrate near-live when checkpointing is not possible
  --keep-dst          on failure, keep what was copied to the destination
  --dry-run           run the pre-checks only
  -r, --remove-area   remove the container from this node after success (default yes)
  --ticket FILE       the JSON printed by \`berth-agent migration-ticket\` on the destination ("-": stdin)
The container gets the CTID the ticket names on the destination (renumbering is decided there).`;

const TICKET_USAGE = `Usage: berth-agent migration-ticket --ctid <CTID on this node> --source-node <id> --source-key <key|file>
Prints the ticket for one migration into this node, for \`vzmigrate --ticket\` on the source node.
--source-key is the source agent's public key (agent/agent-key.pub in its data directory), or that file.`;

const ticketFileSchema = z.object({
  ticket: migrationTicketSchema,
  destination: z.object({
    nodeId: nodeIdSchema,
    publicKey: nodePublicKeySchema,
    tlsFingerprint: tlsFingerprintSchema.nullable(),
  }),
});

export async function vzmigrateMain(driver: LxcDriver, args: string[]): Promise<number> {
  let mode: "offline" | "online" | "live" = "offline";
  let fallbackOnline = false;
  let keepDst = false;
  let dryRun = false;
  let removeSource = true;
  let ticketFile: string | undefined;
  const pos: string[] = [];
  try {
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? "";
      if (a === "--online") mode = mode === "live" ? "live" : "online";
      else if (a === "--live") mode = "live";
      else if (a === "--fallback-online") fallbackOnline = true;
      else if (a === "--keep-dst") keepDst = true;
      else if (a === "--dry-run") dryRun = true;
      else if (a === "-r" || a === "--remove-area") {
        const v = args[++i];
        if (v !== "yes" && v !== "no") throw new AgentError("BAD_REQUEST", `${a} takes yes or no`);
        removeSource = v === "yes";
      } else if (a === "--ticket") ticketFile = args[++i];
      else if (a === "-h" || a === "--help") {
        process.stdout.write(`${VZMIGRATE_USAGE}\n`);
        return 0;
      } else if (a.startsWith("-")) throw new AgentError("BAD_REQUEST", `vzmigrate: unknown option ${a}`);
      else pos.push(a);
    }
    const [dest, ctidArg] = pos;
    if (!dest || !ctidArg || pos.length !== 2 || !ticketFile) {
      process.stderr.write(`${VZMIGRATE_USAGE}\n`);
      return 20;
    }
    const url = z.url({ protocol: /^https?$/ }).safeParse(dest);
    if (!url.success)
      throw new AgentError("BAD_REQUEST", `destination must be the agent's URL, like https://node2:7443`);
    const text = ticketFile === "-" ? readFileSync(0, "utf8") : await fs.readFile(ticketFile, "utf8");
    const tf = ticketFileSchema.safeParse(JSON.parse(text));
    if (!tf.success) throw new AgentError("BAD_REQUEST", `${ticketFile}: not a migration ticket`);
    const ctid = await driver.resolveCtid(ctidArg);
    const r = await migrateContainer(
      driver,
      {
        ctid,
        mode,
        fallbackOnline,
        keepDst,
        dryRun,
        removeSource,
        destination: { url: url.data, ...tf.data.destination },
        ticket: tf.data.ticket,
      },
      (line) => process.stdout.write(`${line}\n`),
    );
    if (r.downtimeMs !== null) process.stdout.write(`downtime_ms=${r.downtimeMs}\n`);
    if (r.dryRun) process.stdout.write(`Pre-checks passed; total ${formatMs(r.totalMs)}\n`);
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

export async function migrationTicketMain(driver: LxcDriver, args: string[]): Promise<number> {
  try {
    let ctid: string | undefined;
    let sourceNode: string | undefined;
    let sourceKey: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "--ctid") ctid = args[++i];
      else if (a === "--source-node") sourceNode = args[++i];
      else if (a === "--source-key") sourceKey = args[++i];
      else {
        process.stderr.write(`${TICKET_USAGE}\n`);
        return a === "--help" || a === "-h" ? 0 : 20;
      }
    }
    if (!ctid || !sourceNode || !sourceKey) {
      process.stderr.write(`${TICKET_USAGE}\n`);
      return 20;
    }
    if (existsSync(sourceKey)) sourceKey = (await fs.readFile(sourceKey, "utf8")).trim();
    const identity = new AgentIdentity(driver.paths);
    const id = await identity.load();
    if (!id)
      throw new AgentError(
        "NOCONFIG",
        "This node has not joined a panel: its agent cannot receive migrations",
      );
    const tickets = new MigrationTickets(driver.paths);
    const ticket = await tickets.issue({
      ctid: await driver.resolveCtid(ctid),
      sourceNodeId: nodeIdSchema.parse(sourceNode),
      sourcePublicKey: nodePublicKeySchema.parse(sourceKey),
    });
    const key = await identity.signingKey();
    const tlsFingerprint = existsSync(`${identity.dir}/tls-cert.pem`)
      ? (await identity.tls()).fingerprint
      : null;
    process.stdout.write(
      `${JSON.stringify({ ticket, destination: { nodeId: id.nodeId, publicKey: key.publicKey, tlsFingerprint } }, null, 2)}\n`,
    );
    return 0;
  } catch (err) {
    return reportError(err);
  }
}
