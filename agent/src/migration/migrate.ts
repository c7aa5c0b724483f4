import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import {
  MIGRATION_VERSION,
  type MigrationDestination,
  type MigrationMode,
  type MigrationResult,
  type MigrationTicket,
  migrationDestinationSchema,
  migrationFinishReplySchema,
  migrationPrecheckReplySchema,
  migrationStatusReplySchema,
  migrationTicketSchema,
} from "../../protocol/migration";
import { ipAddresses } from "../config/container-config";
import type { VzConfig } from "../config/vz-config";
import type { LxcDriver } from "../driver/lxc-driver";
import { stripPrefix, vethName } from "../driver/network";
import { AgentError } from "../errors";
import { run, runOk } from "../run";
import { AgentIdentity } from "../server/identity";
import { AGENT_VERSION } from "../server/serve";
import { formatBytes, formatMs } from "./format";
import { rsyncVersion } from "./receiver";
import { type PassResult, rsyncPass } from "./rsync";
import { DestinationClient, MigrationRefused } from "./transport";

// The source side of vzmigrate: pre-checks, copy, switch, clean-up. The container's files are copied at
// file level (rsync of the mounted root) into a fresh image of the same size made by the destination.
//
// Modes:
// - offline: stop, copy, start on the destination.
// - online (near-live, no CRIU): copy while running, copy again to shrink the delta (more passes while the
//   delta stays large), then stop, a final copy of what changed, start on the destination. Processes are
//   shut down cleanly and booted again; the downtime is measured from the stop to the container running
//   on the destination.
// - live: checkpoint (CRIU) instead of the stop and restore instead of the start, where `criu check` passes
//   on both nodes; refused with the reason otherwise, or done as online when the caller asked for that.
//
// Failure at any step before the destination runs the container leaves it on the source as it was (started
// again if it had been stopped for the switch) and aborts the destination, which removes what it made
// (unless keepDst). The source's copy is removed only after the destination reports the container running.

export type MigrateOptions = {
  ctid: number;
  mode: MigrationMode;
  fallbackOnline?: boolean;
  keepDst?: boolean;
  dryRun?: boolean;
  /** vzmigrate -r: remove the source's copy after success (default yes). */
  removeSource?: boolean;
  destination: MigrationDestination;
  ticket: MigrationTicket;
};

/** Pre-passes stop once a pass moved less than this much file data, or after MAX_LIVE_PASSES. */
const SMALL_DELTA_BYTES = 32 * 1024 * 1024;
const MAX_LIVE_PASSES = 4;

const sessionSchema = z.object({
  destination: migrationDestinationSchema,
  ticket: migrationTicketSchema,
});
export type MigrationSession = z.infer<typeof sessionSchema>;

function sessionDir(driver: LxcDriver): string {
  return path.join(driver.paths.agentDir, "migrations");
}

export async function readSession(file: string): Promise<MigrationSession> {
  return sessionSchema.parse(JSON.parse(await fs.readFile(file, "utf8")));
}

/** Bytes and inodes used in the container's file system (statfs when mounted, the superblock otherwise). */
async function fsUsage(driver: LxcDriver, ctid: number): Promise<{ usedBytes: number; usedInodes: number }> {
  if (await driver.isMounted(ctid)) {
    const st = await fs.statfs(driver.paths.rootfs(ctid));
    return { usedBytes: (st.blocks - st.bfree) * st.bsize, usedInodes: st.files - st.ffree };
  }
  const r = await run("dumpe2fs", ["-h", "--", driver.paths.image(ctid)]);
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(r.stdout)?.[1] ?? "0");
  return {
    usedBytes: (field("Block count") - field("Free blocks")) * (field("Block size") || 4096),
    usedInodes: field("Inode count") - field("Free inodes"),
  };
}

async function memoryUsage(driver: LxcDriver, ctid: number): Promise<number> {
  const file = driver.cgroups.version === 1 ? "memory.usage_in_bytes" : "memory.current";
  return (await driver.cgroups.readNumber("memory", ctid, file).catch(() => null)) ?? 0;
}

/**
 * The near-live switch on the source. Freezing (cgroup freezer) instead of shutting down: the final pass
 * copies a file system nobody writes to any more, everything the processes wrote before the freeze
 * included (rsync reads through the same page cache), in a fraction of a shutdown's time, and if anything
 * fails before the destination runs the container, thawing it leaves it exactly as it was, processes and
 * connections included. What is lost is what a clean shutdown would have saved from memory: the
 * destination boots from the state of the disk at the freeze, as after a power cut without the data loss.
 */
function switchControl(driver: LxcDriver, ctid: number, conf: VzConfig) {
  const lxc = ["-n", String(ctid), "-P", driver.paths.lxcPath];
  const veth = vethName(ctid, driver.net);
  const mode =
    conf.get("NETMODE") === "bridged" || conf.get("NETMODE") === "routed"
      ? conf.get("NETMODE")
      : driver.net.mode;
  const ips = ipAddresses(conf).map(stripPrefix);
  const hostRoute = (ip: string) =>
    ip.includes(":") ? ["-6", "route", "replace", `${ip}/128`] : ["-4", "route", "replace", `${ip}/32`];
  return {
    freeze: () => runOk("lxc-freeze", lxc),
    thaw: () => runOk("lxc-unfreeze", lxc),
    /** Takes the container's addresses off this host: its veth down (the kernel drops routes through it). */
    down: async () => {
      await runOk("ip", ["link", "set", "dev", veth, "down"]);
      if (mode === "routed")
        for (const ip of ips)
          await run("ip", [
            ip.includes(":") ? "-6" : "-4",
            "route",
            "del",
            ip.includes(":") ? `${ip}/128` : `${ip}/32`,
            "dev",
            veth,
          ]);
    },
    up: async () => {
      await runOk("ip", ["link", "set", "dev", veth, "up"]);
      if (mode === "routed") for (const ip of ips) await runOk("ip", [...hostRoute(ip), "dev", veth]);
    },
    /** SIGKILL to init while frozen, then thaw: the kill is delivered before any of its code runs. */
    kill: async () => {
      const pid = Number((await run("lxc-info", [...lxc, "-p", "-H"])).stdout.trim());
      if (pid > 1) process.kill(pid, "SIGKILL");
      await run("lxc-unfreeze", lxc);
      await driver.stop(ctid, { fast: true }, () => {});
    },
  };
}

/** The source's journal of a migration in progress: what to put back if the agent dies in the middle. */
type OutJournal = {
  ctid: number;
  wasRunning: boolean;
  session: MigrationSession;
  phase: "copying" | "switched";
};

function journalFile(driver: LxcDriver, ctid: number): string {
  return path.join(sessionDir(driver), `out-${ctid}.json`);
}

async function writeJournal(driver: LxcDriver, j: OutJournal): Promise<void> {
  const f = journalFile(driver, j.ctid);
  await fs.writeFile(`${f}.tmp`, JSON.stringify(j), { mode: 0o600 });
  await fs.rename(`${f}.tmp`, f);
}

export async function migrateContainer(
  driver: LxcDriver,
  o: MigrateOptions,
  log: (line: string) => void,
): Promise<MigrationResult> {
  const t0 = performance.now();
  const { ctid } = o;
  const conf = await driver.readConfig(ctid);
  if (!conf) throw new AgentError("NOCONFIG", `Container ${ctid} does not exist`);
  const key = await new AgentIdentity(driver.paths).signingKey();
  const client = new DestinationClient(o.destination, o.ticket, key);
  const warnings: string[] = [];
  const abortDestination = async () => {
    await client
      .call("abort", {}, z.unknown())
      .catch((e: Error) => log(`Could not abort the destination: ${e.message}`));
  };

  let mode = o.mode;
  const wasRunning = await driver.isRunning(ctid);
  try {
    if (mode === "live") {
      const why = await driver.criuCheck();
      if (why) {
        if (!o.fallbackOnline)
          throw new AgentError(
            "NOT_SUPPORTED",
            `Live migration needs checkpoint/restore (CRIU), which this node does not support: ${why}. Use --online for a near-live migration (processes are restarted), or --live --fallback-online to fall back to it.`,
          );
        const w = `checkpointing is not supported on this node (${why}); falling back to near-live migration`;
        warnings.push(w);
        log(`Warning: ${w}`);
        mode = "online";
      }
    }
    if (mode !== "offline" && !wasRunning) {
      log("Container is not running: migrating it offline");
      mode = "offline";
    }
  } catch (err) {
    await abortDestination();
    throw err;
  }

  log(`Starting ${mode} migration of CT ${ctid} to ${o.destination.url} as CT ${o.ticket.ctid}`);
  log("Checking the destination");
  const imageBytes = (await fs.stat(driver.paths.image(ctid))).size;
  const usage = await fsUsage(driver, ctid);
  let pre: z.infer<typeof migrationPrecheckReplySchema>;
  try {
    pre = await client.call(
      "precheck",
      {
        migrationVersion: MIGRATION_VERSION,
        agentVersion: AGENT_VERSION,
        rsyncVersion: await rsyncVersion(),
        mode,
        sourceCtid: ctid,
        config: conf.format(),
        imageBytes,
        usedBytes: usage.usedBytes,
        usedInodes: usage.usedInodes,
        memoryBytes: wasRunning ? await memoryUsage(driver, ctid) : 0,
      },
      migrationPrecheckReplySchema,
    );
  } catch (err) {
    await abortDestination();
    if (err instanceof MigrationRefused)
      throw new AgentError(codeOf(err.code), `Pre-check failed: ${err.message}`);
    throw err;
  }
  for (const w of pre.warnings) {
    warnings.push(w);
    log(`Warning: ${w}`);
  }
  log(`Pre-checks passed (destination agent ${pre.agentVersion}, rsync ${pre.rsyncVersion})`);
  const result = (over: Partial<MigrationResult>): MigrationResult => ({
    mode,
    dryRun: o.dryRun === true,
    sourceCtid: ctid,
    ctid: o.ticket.ctid,
    destinationNodeId: o.destination.nodeId,
    running: wasRunning,
    warnings,
    passes: [],
    downtimeMs: null,
    totalMs: Math.round(performance.now() - t0),
    ...over,
  });
  if (o.dryRun) {
    await abortDestination();
    log("Dry run: nothing was moved");
    return result({});
  }

  await fs.mkdir(sessionDir(driver), { recursive: true, mode: 0o700 });
  const session: MigrationSession = { destination: o.destination, ticket: o.ticket };
  const sessionFile = path.join(sessionDir(driver), `session-${o.ticket.id}.json`);
  await fs.writeFile(sessionFile, JSON.stringify(session), { mode: 0o600 });
  await writeJournal(driver, { ctid, wasRunning, session, phase: "copying" });
  const passes: PassResult[] = [];
  const pass = async (label: string, target: "root" | "dump" = "root") => {
    const src =
      target === "root" ? driver.paths.rootfs(ctid) : path.join(driver.paths.root, "dump", String(ctid));
    const r = await rsyncPass({ src, sessionFile, target, label, log });
    passes.push(r);
    return r;
  };

  let mountedByUs = false;
  let stoppedAt: number | null = null;
  let checkpointed = false;
  let frozen = false;
  let netDown = false;
  const net = switchControl(driver, ctid, conf);
  let finished = false;
  /** The switch's outcome is unknown: the source must neither run nor start the container again. */
  let fenced = false;
  let downtimeMs: number | null = null;
  try {
    log("Preparing the destination (a fresh image of the same size)");
    await client.call("prepare", { config: conf.format(), imageBytes }, z.unknown());

    if (mode !== "offline") {
      for (let n = 1; n <= MAX_LIVE_PASSES; n++) {
        const r = await pass(`pass ${n}, container running`);
        if (n >= 2 && r.fileBytes < SMALL_DELTA_BYTES) break;
      }
    }

    if (wasRunning) {
      stoppedAt = performance.now();
      if (mode === "live") {
        log("Checkpointing the container");
        await driver.suspend(ctid, log);
        checkpointed = true;
      } else if (mode === "online") {
        log("Freezing the container on the source");
        await net.freeze();
        frozen = true;
      } else {
        log("Stopping the container on the source");
        await driver.stop(ctid, {}, log);
      }
    }
    if (!(await driver.isMounted(ctid))) {
      await driver.mount(ctid, () => {});
      mountedByUs = true;
    }
    await pass(
      mode === "offline"
        ? "container stopped"
        : frozen
          ? "final pass, container frozen"
          : "final pass, container stopped",
    );
    if (checkpointed) await pass("checkpoint image", "dump");
    if (mountedByUs) {
      await driver.umount(ctid, () => {});
      mountedByUs = false;
    }
    if (frozen) {
      // The addresses leave the source just before they come up on the destination.
      await net.down();
      netDown = true;
    }

    log(
      wasRunning
        ? "Starting the container on the destination"
        : "Registering the container on the destination",
    );
    let fin: z.infer<typeof migrationFinishReplySchema>;
    try {
      fin = await client.call(
        "finish",
        { config: conf.format(), start: wasRunning, ...(checkpointed ? { restore: true } : {}) },
        migrationFinishReplySchema,
        180_000,
      );
    } catch (err) {
      // The answer may have been lost after the destination did it: ask before rolling back.
      if (err instanceof MigrationRefused) throw err;
      log(
        `The destination did not answer the switch (${err instanceof Error ? err.message : err}); asking it`,
      );
      const outcome = await destinationOutcome(client, fenceWaitMs());
      if (outcome === "unknown") {
        fenced = true;
        throw new AgentError(
          "SYSTEM_ERROR",
          `The destination did not answer after it was told to start CT ${o.ticket.ctid}, and whether it runs there is unknown. So that it never runs twice, CT ${ctid} is left stopped here and will not start at boot. Check the destination (vzctl status ${o.ticket.ctid} there): if it runs there, remove it here with vzctl destroy ${ctid}; if not, start it here with vzctl start ${ctid}.`,
        );
      }
      if (outcome !== "finished") throw err;
      fin = { running: wasRunning, startMs: 0 };
    }
    finished = true;
    if (stoppedAt !== null) downtimeMs = Math.round(performance.now() - stoppedAt);
    await writeJournal(driver, { ctid, wasRunning, session, phase: "switched" });
    log(
      fin.running
        ? `Container is running on the destination (started in ${formatMs(fin.startMs)})`
        : "Container is on the destination (stopped, as it was)",
    );
    if (downtimeMs !== null)
      log(
        `Downtime: ${formatMs(downtimeMs)} (${frozen ? "freeze" : "stop"} on the source → running on the destination)`,
      );
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    log(`Migration failed: ${msg}`);
    if (fenced) {
      if (frozen)
        await net.kill().catch((e: Error) => log(`Warning: stopping the frozen instance: ${e.message}`));
      if (mountedByUs) await driver.umount(ctid, () => {}).catch(() => {});
      await fenceSource(driver, ctid, log);
      await fs.rm(journalFile(driver, ctid), { force: true });
      await fs.rm(sessionFile, { force: true });
      throw err;
    }
    if (!finished) {
      if (o.keepDst) log("Keeping what was copied to the destination (--keep-dst)");
      else await abortDestination();
      if (mountedByUs) await driver.umount(ctid, () => {}).catch(() => {});
      if (netDown) await net.up().catch((e: Error) => log(`Could not bring the network back: ${e.message}`));
      if (frozen) {
        await net.thaw().catch((e: Error) => log(`Could not thaw the container: ${e.message}`));
        log("Container thawed on the source: it kept running");
      }
      if (wasRunning && !(await driver.isRunning(ctid))) {
        log("Starting the container on the source again");
        if (checkpointed) await driver.resume(ctid, log).catch(() => driver.start(ctid, log));
        else await driver.start(ctid, log);
      }
      await fs.rm(journalFile(driver, ctid), { force: true });
      await fs.rm(sessionFile, { force: true });
      if (err instanceof MigrationRefused)
        throw new AgentError(codeOf(err.code), `Destination: ${err.message}`);
      throw err;
    }
  }

  if (frozen) {
    // The destination runs it: the frozen instance here ends without running another instruction of its own.
    await net.kill().catch((e: Error) => log(`Warning: stopping the frozen source instance: ${e.message}`));
  }
  if (o.removeSource !== false) {
    log("Removing the container from the source");
    await fs.rm(path.join(driver.paths.root, "dump", String(ctid)), { recursive: true, force: true });
    await driver.destroy(ctid, log).catch((e: Error) => {
      const w = `the container runs on the destination, but its copy on the source could not be removed: ${e.message}`;
      warnings.push(w);
      log(`Warning: ${w}`);
    });
  } else log("Keeping the source's copy (stopped)");
  await fs.rm(journalFile(driver, ctid), { force: true });
  await fs.rm(sessionFile, { force: true });
  const total = Math.round(performance.now() - t0);
  const copied = passes.reduce((a, p) => a + p.sentBytes, 0);
  log(`Migration completed in ${formatMs(total)}, ${formatBytes(copied)} sent in ${passes.length} pass(es)`);
  return result({ passes, downtimeMs, running: wasRunning, totalMs: total });
}

function codeOf(code: string): ConstructorParameters<typeof AgentError>[0] {
  const known = [
    "NOT_SUPPORTED",
    "DISK_SPACE",
    "RESOURCE_ERROR",
    "IP_INUSE",
    "CANT_ADDIP",
    "VE_PRIVATE_EXIST",
    "BAD_REQUEST",
    "NOT_FOUND",
  ] as const;
  return (known as readonly string[]).includes(code) ? (code as (typeof known)[number]) : "SYSTEM_ERROR";
}

/** How long a source waits for a silent destination to tell how a switch ended (an agent restarts in seconds). */
function fenceWaitMs(): number {
  const n = Number(process.env.BERTH_MIGRATION_FENCE_WAIT_SEC);
  return (Number.isFinite(n) && n >= 0 ? n : 60) * 1000;
}

/** Whether the destination finished the migration, as it says within `waitMs`; "unknown" if it never answers. */
async function destinationOutcome(
  client: DestinationClient,
  waitMs: number,
): Promise<"finished" | "not-finished" | "unknown"> {
  const until = Date.now() + waitMs;
  for (;;) {
    const st = await client.call("status", {}, migrationStatusReplySchema, 5_000).catch(() => null);
    if (st) return st.state === "finished" ? "finished" : "not-finished";
    if (Date.now() >= until) return "unknown";
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * The source's copy when the switch's outcome is unknown: stopped (a frozen instance ends), its addresses
 * kept down, and ONBOOT off, so that nothing here starts it again while the destination may run it.
 */
async function fenceSource(driver: LxcDriver, ctid: number, log: (l: string) => void): Promise<void> {
  if (await driver.isRunning(ctid)) {
    await run("lxc-unfreeze", ["-n", String(ctid), "-P", driver.paths.lxcPath]);
    await driver.stop(ctid, { fast: true }, () => {}).catch((e: Error) => log(`Warning: ${e.message}`));
  }
  if (await driver.isMounted(ctid)) await driver.umount(ctid, () => {}).catch(() => {});
  const conf = await driver.readConfig(ctid);
  if (conf) {
    const next = conf.clone();
    next.set("ONBOOT", "no");
    await driver.writeConfig(ctid, next);
  }
  log(`CT ${ctid} is stopped here and will not start at boot until the destination's state is checked`);
}

/**
 * At agent start: a migration this node was sending when it died. Before the switch the container goes
 * back to how it was (started again if it had been running) and the destination is told to abort; after
 * the switch (the destination runs it) the source's copy is removed, as the migration would have.
 */
export async function recoverOutgoingMigrations(driver: LxcDriver, log: (l: string) => void): Promise<void> {
  const names = await fs.readdir(sessionDir(driver)).catch(() => [] as string[]);
  for (const n of names) {
    const m = /^out-(\d+)\.json$/.exec(n);
    if (!m?.[1]) continue;
    const file = path.join(sessionDir(driver), n);
    let j: OutJournal;
    try {
      j = JSON.parse(await fs.readFile(file, "utf8")) as OutJournal;
    } catch {
      await fs.rm(file, { force: true });
      continue;
    }
    const ctid = j.ctid;
    try {
      if (j.phase === "switched") {
        log(`CT ${ctid}: migration had switched to the destination; removing the source's copy`);
        if (await driver.isRunning(ctid)) {
          await run("lxc-unfreeze", ["-n", String(ctid), "-P", driver.paths.lxcPath]);
          await driver.stop(ctid, { fast: true }, () => {});
        }
        await driver.destroy(ctid, () => {}).catch(() => {});
      } else {
        const key = await new AgentIdentity(driver.paths).signingKey();
        const client = new DestinationClient(j.session.destination, j.session.ticket, key);
        // The destination may have started it before this agent died: then it is the destination's.
        const outcome = await destinationOutcome(client, fenceWaitMs());
        if (outcome === "finished") {
          log(`CT ${ctid}: the migration had finished on the destination; removing the source's copy`);
          if (await driver.isRunning(ctid)) {
            await run("lxc-unfreeze", ["-n", String(ctid), "-P", driver.paths.lxcPath]);
            await driver.stop(ctid, { fast: true }, () => {});
          }
          await driver.destroy(ctid, () => {}).catch(() => {});
          continue;
        }
        if (outcome === "unknown") {
          log(
            `CT ${ctid}: a migration was interrupted and the destination does not answer; the container is left stopped here (not started at boot) so that it never runs twice. Check the destination, then start or destroy it here.`,
          );
          await fenceSource(driver, ctid, log);
          continue;
        }
        log(`CT ${ctid}: migration was interrupted; putting the container back`);
        await client.call("abort", {}, z.unknown()).catch(() => {});
        // A container frozen for the switch: thawed, with its addresses back.
        const cur = await driver.readConfig(ctid);
        if (cur)
          await switchControl(driver, ctid, cur)
            .up()
            .catch(() => {});
        await run("lxc-unfreeze", ["-n", String(ctid), "-P", driver.paths.lxcPath]);
        if (!(await driver.isRunning(ctid)) && (await driver.isMounted(ctid)))
          await driver.umount(ctid, () => {}).catch(() => {});
        if (j.wasRunning && !(await driver.isRunning(ctid))) await driver.start(ctid, () => {});
      }
    } finally {
      await fs.rm(file, { force: true });
      await fs.rm(path.join(sessionDir(driver), `session-${j.session.ticket.id}.json`), { force: true });
    }
  }
}
