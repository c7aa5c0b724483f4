// Constants of the migration protocol (see migration.ts), in a module without zod: the rsync remote shell
// (agent/src/migration/pipe-main.ts) imports them and must start in milliseconds.

/** Bumped on any incompatible change of the migration steps; source and destination must agree. */
export const MIGRATION_VERSION = 1;

export const MIGRATION = {
  ticketsPath: "/v1/migration-tickets",
  /** Prefix of the source → destination endpoints: /v1/migrations/<id>/<step>. */
  basePath: "/v1/migrations",
  ticketTtlSec: 300,
  idleTimeoutSec: 600,
  /** The HTTP Upgrade protocol name of the rsync stream. */
  upgradeProtocol: "berth-rsync",
} as const;

export const MIGRATION_HEADER = { ticket: "berth-migration-ticket" } as const;
