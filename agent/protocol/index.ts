// The panel ↔ agent protocol: the only module the panel imports from agent/, with tar-check.ts beside it (the
// archive rules both sides apply; not re-exported here, as it needs node:stream). Pure: no fs, no child_process.
export * from "./backups";
export * from "./commands";
export * from "./console";
export * from "./fields";
export * from "./join";
export * from "./migration";
export * from "./signing";
export * from "./sizes";
export * from "./version";

/** HTTP endpoints of `berth-agent serve`. All require a signed request, except the console websocket (its ticket). */
export const ENDPOINTS = {
  health: "/v1/health",
  /** GET [?ctid=N&ctid=M]: beancounters read now, as beancountersResultSchema. Read-only, not journaled. */
  beancounters: "/v1/beancounters",
  commands: "/v1/commands",
  operation: (id: string) => `/v1/operations/${id}`,
  operations: "/v1/operations",
  panelKeys: "/v1/panel-keys",
  /** POST {ctid, cols, rows}: a single-use, seconds-lived ticket naming one container (see console.ts). */
  consoleTickets: "/v1/console-tickets",
  /** GET with an Upgrade to websocket, `?ticket=...`: the console itself; the ticket is the credential. */
  console: "/v1/console",
  /** POST {ctid, sourceNodeId, sourcePublicKey}: a one-migration ticket for a container coming here (migration.ts). */
  migrationTickets: "/v1/migration-tickets",
} as const;
