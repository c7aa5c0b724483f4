import { z } from "zod";
import {
  backupDeleteCommand,
  backupFetchCommand,
  backupListCommand,
  backupPushCommand,
  containerBackupCommand,
  containerRestoreCommand,
} from "./backups";
import {
  containerNameSchema,
  ctidSchema,
  descriptionSchema,
  hostnameSchema,
  ipWithPrefixSchema,
  passwordSchema,
  sampleNameSchema,
  sha256HexSchema,
  templateNameSchema,
  userNameSchema,
} from "./fields";
import { migrateCommandSchema } from "./migration";
import { PROTOCOL_VERSION } from "./version";

// Every command the panel can send, and every reply. Sizes use vzctl's syntax ("256M", "10G:10G",
// "unlimited") so the panel and the CLI speak the same values.

const sizeValue = z
  .string()
  .regex(/^(unlimited|\d+(\.\d+)?[KMGTP]?)$/i, { message: "size like 256M, 10G or unlimited" });
const barrierLimit = z
  .string()
  .regex(/^(unlimited|\d+(\.\d+)?[KMGTP]?)(:(unlimited|\d+(\.\d+)?[KMGTP]?))?$/i, {
    message: "barrier[:limit] like 10G:11G",
  });
const count = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 53);

export const setParamsSchema = z
  .object({
    hostname: hostnameSchema,
    nameserver: z.array(ipWithPrefixSchema).max(8),
    searchdomain: z.array(hostnameSchema).max(8),
    userpasswd: z.array(z.object({ user: userNameSchema, password: passwordSchema })).max(16),
    ipadd: z.array(ipWithPrefixSchema).max(64),
    ipdel: z.union([z.array(ipWithPrefixSchema).max(64), z.literal("all")]),
    ram: sizeValue,
    swap: sizeValue,
    physpages: barrierLimit,
    swappages: barrierLimit,
    numproc: barrierLimit,
    cpuunits: count,
    cpulimit: count,
    cpus: count,
    diskspace: barrierLimit,
    diskinodes: barrierLimit,
    onboot: z.boolean(),
    name: containerNameSchema,
    description: descriptionSchema,
    applyconfig: sampleNameSchema,
  })
  .partial()
  .strict();

const ctidOnly = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), ctid: ctidSchema }).strict();

export const commandSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("container.create"),
      ctid: ctidSchema,
      ostemplate: templateNameSchema,
      config: sampleNameSchema.optional(),
      ipadd: z.array(ipWithPrefixSchema).max(64).optional(),
      hostname: hostnameSchema.optional(),
      name: containerNameSchema.optional(),
      diskspace: barrierLimit.optional(),
      diskinodes: barrierLimit.optional(),
      start: z.boolean().optional(),
    })
    .strict(),
  ctidOnly("container.start"),
  z
    .object({
      type: z.literal("container.stop"),
      ctid: ctidSchema,
      fast: z.boolean().optional(),
      timeoutSec: z.number().int().min(1).max(3600).optional(),
    })
    .strict(),
  ctidOnly("container.restart"),
  ctidOnly("container.destroy"),
  ctidOnly("container.mount"),
  ctidOnly("container.umount"),
  ctidOnly("container.suspend"),
  ctidOnly("container.resume"),
  ctidOnly("container.status"),
  z.object({ type: z.literal("container.list") }).strict(),
  z
    .object({
      type: z.literal("container.set"),
      ctid: ctidSchema,
      save: z.boolean(),
      params: setParamsSchema,
    })
    .strict(),
  z
    .object({
      type: z.literal("container.exec"),
      ctid: ctidSchema,
      // Run as given (no shell on the host; the program runs inside the container).
      argv: z.array(z.string().max(4096)).min(1).max(256),
      stdin: z
        .string()
        .max(1024 * 1024)
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal("beancounters.get"), ctids: z.array(ctidSchema).optional() }).strict(),
  z
    .object({
      type: z.literal("template.download"),
      name: templateNameSchema,
      url: z.url({ protocol: /^https?$/ }),
      sha256: sha256HexSchema,
    })
    .strict(),
  z.object({ type: z.literal("template.list") }).strict(),
  // Builds a template on the node with debootstrap from the host's Debian mirror (minutes).
  z.object({ type: z.literal("template.build"), name: z.enum(["debian-12", "debian-11"]) }).strict(),
  containerBackupCommand,
  containerRestoreCommand,
  backupListCommand,
  backupDeleteCommand,
  backupFetchCommand,
  backupPushCommand,
  migrateCommandSchema,
]);

export type Command = z.infer<typeof commandSchema>;
/** The params of a container.set command, as the panel sends them. */
export type SetCommandParams = z.infer<typeof setParamsSchema>;
export type CommandType = Command["type"];

/** A command id is the idempotency key: the same id never runs twice. */
export const commandIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: "command id: 8-64 of [A-Za-z0-9_-]" });

export const commandEnvelopeSchema = z
  .object({
    protocolVersion: z.literal(PROTOCOL_VERSION),
    id: commandIdSchema,
    command: commandSchema,
  })
  .strict();
export type CommandEnvelope = z.infer<typeof commandEnvelopeSchema>;

export const operationStatusSchema = z.enum(["running", "succeeded", "failed"]);

export const operationSchema = z.object({
  id: commandIdSchema,
  type: z.string(),
  ctid: ctidSchema.nullable(),
  status: operationStatusSchema,
  /** 0..100; coarse steps of the operation. */
  progress: z.number().min(0).max(100),
  log: z.array(z.object({ n: z.number().int(), at: z.string(), line: z.string() })),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), exitCode: z.number().int() }).optional(),
  /** Set when the agent restarted during the operation: what it did about it. */
  recovery: z.enum(["rolled-back", "completed", "interrupted"]).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Operation = z.infer<typeof operationSchema>;

export const commandReplySchema = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  operation: operationSchema,
});

export const errorReplySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const beancounterSchema = z.object({
  resource: z.string(),
  held: z.number().nullable(),
  maxheld: z.number().nullable(),
  barrier: z.number().nullable(),
  limit: z.number().nullable(),
  failcnt: z.number(),
});

/**
 * A running container's network bytes as seen from inside it (rx = received by the container), counted
 * since its interfaces were made at its last start: a lower reading than the previous one is a reset.
 */
export const netTrafficSchema = z.object({
  rxBytes: z.number().nonnegative(),
  txBytes: z.number().nonnegative(),
});

/** The reply of GET /v1/beancounters and the result of the beancounters.get command. */
export const beancountersResultSchema = z.array(
  z.object({
    ctid: ctidSchema,
    running: z.boolean(),
    counters: z.array(beancounterSchema),
    // Optional: agents before it sent none, and a stopped container has none.
    net: netTrafficSchema.optional(),
  }),
);
export type BeancountersResult = z.infer<typeof beancountersResultSchema>;

export const containerInventorySchema = z.object({
  ctid: ctidSchema,
  status: z.enum(["running", "stopped", "mounted"]),
  name: z.string().nullable(),
  hostname: z.string().nullable(),
  ips: z.array(z.string()),
  ostemplate: z.string().nullable(),
  onboot: z.boolean(),
  limits: z.record(z.string(), z.string()),
});

export const healthSchema = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  nodeId: z.string(),
  agentVersion: z.string(),
  host: z.object({
    hostname: z.string(),
    kernel: z.string(),
    cpus: z.number(),
    memoryBytes: z.number(),
    diskTotalBytes: z.number(),
    diskFreeBytes: z.number(),
    lxcVersion: z.string(),
    cgroupVersion: z.union([z.literal(1), z.literal(2)]),
    checkpoint: z.object({ supported: z.boolean(), reason: z.string().nullable() }),
  }),
  containers: z.array(containerInventorySchema),
  templates: z.array(z.object({ name: z.string(), sha256: z.string().nullable(), size: z.number() })),
});
export type Health = z.infer<typeof healthSchema>;

/** Replaces the trusted panel keys (rotation: the new key and the old one, at most two). */
export const panelKeysUpdateSchema = z
  .object({
    keys: z
      .array(z.object({ keyId: z.string(), publicKey: z.string() }))
      .min(1)
      .max(2),
  })
  .strict();
