import { z } from "zod";
import { ctidSchema } from "./fields";
import { MIGRATION_VERSION } from "./migration-constants";

// Migration of a container between two nodes (vzmigrate(8)), with no standing trust between the nodes.
//
// 1. The panel asks the destination agent for a ticket (`POST /v1/migration-tickets`, signed by the panel like
//    every request) naming the destination CTID and the source node with its public key. The destination
//    answers with a migration id and a secret; only a hash of the secret is kept, on disk.
// 2. The panel sends the source agent the `container.migrate` command with the ticket, the destination's
//    URL, node id, public key and TLS fingerprint (pinned at join).
// 3. The source talks to the destination under /v1/migrations/<id>/...: every request carries the secret
//    (header MIGRATION_HEADER.ticket) AND is signed by the source node's own key (the one named in the
//    ticket) over method, path, body digest, the destination's node id, created/expires and a nonce, so a
//    stolen secret alone, a replayed request or a request for another migration are all refused. Replies
//    are signed by the destination's key. The file copy is rsync, over an HTTP upgrade on the same server
//    (see agent/src/migration/transport.ts for why not ssh).
//
// The ticket must be used within MIGRATION.ticketTtlSec; once used, it belongs to that one migration until
// it finishes or is aborted, and a migration idle for MIGRATION.idleTimeoutSec is aborted by the destination.

export { MIGRATION, MIGRATION_HEADER, MIGRATION_VERSION } from "./migration-constants";

export const migrationIdSchema = z.string().regex(/^m-[A-Za-z0-9_-]{16,40}$/);
export const migrationSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** Base64 SPKI DER of an Ed25519 public key. */
export const nodePublicKeySchema = z.string().regex(/^[A-Za-z0-9+/]{40,120}={0,2}$/);
export const nodeIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);
/** OpenSSL's SHA-256 fingerprint form, as X509Certificate.fingerprint256 prints it. */
export const tlsFingerprintSchema = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

export const migrationModeSchema = z.enum(["offline", "online", "live"]);
export type MigrationMode = z.infer<typeof migrationModeSchema>;

export const migrationTicketRequestSchema = z
  .object({
    /** The CTID the container will have on the destination. */
    ctid: ctidSchema,
    sourceNodeId: nodeIdSchema,
    sourcePublicKey: nodePublicKeySchema,
  })
  .strict();
export type MigrationTicketRequest = z.infer<typeof migrationTicketRequestSchema>;

export const migrationTicketSchema = z
  .object({
    id: migrationIdSchema,
    secret: migrationSecretSchema,
    ctid: ctidSchema,
    expiresAt: z.iso.datetime(),
  })
  .strict();
export type MigrationTicket = z.infer<typeof migrationTicketSchema>;

export const migrationDestinationSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    nodeId: nodeIdSchema,
    publicKey: nodePublicKeySchema,
    /** Null only for plain HTTP (loopback test setups). */
    tlsFingerprint: tlsFingerprintSchema.nullable(),
  })
  .strict();
export type MigrationDestination = z.infer<typeof migrationDestinationSchema>;

/** The signed command to the source agent: one entry of the command union (commands.ts). */
export const migrateCommandSchema = z
  .object({
    type: z.literal("container.migrate"),
    ctid: ctidSchema,
    mode: migrationModeSchema,
    /** With mode "live": do a near-live migration instead when checkpointing is not possible. */
    fallbackOnline: z.boolean().optional(),
    /** vzmigrate --keep-dst: on failure, keep what was copied to the destination. */
    keepDst: z.boolean().optional(),
    /** Run the pre-checks only. */
    dryRun: z.boolean().optional(),
    destination: migrationDestinationSchema,
    ticket: migrationTicketSchema,
  })
  .strict();
export type MigrateCommand = z.infer<typeof migrateCommandSchema>;

// ---------- source → destination steps ----------

const configText = z
  .string()
  .max(64 * 1024)
  .refine((s) => !s.includes("\0"));

export const migrationPrecheckSchema = z
  .object({
    migrationVersion: z.literal(MIGRATION_VERSION),
    agentVersion: z.string().max(40),
    rsyncVersion: z.string().max(40),
    mode: migrationModeSchema,
    sourceCtid: ctidSchema,
    /** The container's vzctl config as text (hostname, IPs, limits); checked again by the destination. */
    config: configText,
    /** Size of the source's disk image, bytes: the destination makes one of the same size. */
    imageBytes: z.number().int().positive(),
    /** Bytes and inodes used inside the container's file system: what has to fit on the destination. */
    usedBytes: z.number().int().nonnegative(),
    usedInodes: z.number().int().nonnegative(),
    /** Memory the container uses now, bytes (0 when stopped). */
    memoryBytes: z.number().int().nonnegative(),
  })
  .strict();
export type MigrationPrecheck = z.infer<typeof migrationPrecheckSchema>;

export const migrationPrecheckReplySchema = z.object({
  ok: z.literal(true),
  agentVersion: z.string(),
  rsyncVersion: z.string(),
  checkpoint: z.object({ supported: z.boolean(), reason: z.string().nullable() }),
  warnings: z.array(z.string()),
});
export type MigrationPrecheckReply = z.infer<typeof migrationPrecheckReplySchema>;

export const migrationPrepareSchema = z
  .object({ config: configText, imageBytes: z.number().int().positive() })
  .strict();

export const migrationFinishSchema = z
  .object({
    config: configText,
    /** Start the container (it was running on the source). */
    start: z.boolean(),
    /** Restore from the checkpoint copied into the dump area instead of a fresh start (mode "live"). */
    restore: z.boolean().optional(),
  })
  .strict();

export const migrationFinishReplySchema = z.object({
  running: z.boolean(),
  /** How long the destination took to start (or restore) the container, ms. */
  startMs: z.number(),
});

export const migrationStateSchema = z.enum(["issued", "receiving", "finished", "aborted"]);
export const migrationStatusReplySchema = z.object({ state: migrationStateSchema, ctid: ctidSchema });

/** What the container.migrate operation returns. */
export const migrationResultSchema = z.object({
  mode: migrationModeSchema,
  dryRun: z.boolean(),
  sourceCtid: ctidSchema,
  ctid: ctidSchema,
  destinationNodeId: z.string(),
  running: z.boolean(),
  warnings: z.array(z.string()),
  /** One entry per rsync pass: bytes sent over the wire, bytes of file data transferred, duration. */
  passes: z.array(z.object({ sentBytes: z.number(), fileBytes: z.number(), ms: z.number() })),
  /** From the stop (or checkpoint) on the source to the container running on the destination, ms; null if it was not running. */
  downtimeMs: z.number().nullable(),
  totalMs: z.number(),
});
export type MigrationResult = z.infer<typeof migrationResultSchema>;

/** The rsync stream: what the source's rsync asks the server side to run, sent in the signed query. */
export const migrationStreamTargetSchema = z.enum(["root", "dump"]);
