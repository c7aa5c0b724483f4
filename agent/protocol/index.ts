// The panel ↔ agent protocol: the only module the panel imports from agent/. Pure: no fs, no child_process.
export * from "./commands";
export * from "./fields";
export * from "./join";
export * from "./signing";
export * from "./sizes";
export * from "./version";

/** HTTP endpoints of `berth-agent serve`. All require a signed request. */
export const ENDPOINTS = {
  health: "/v1/health",
  commands: "/v1/commands",
  operation: (id: string) => `/v1/operations/${id}`,
  operations: "/v1/operations",
  panelKeys: "/v1/panel-keys",
  /** Reserved for the console issue: single-use, seconds-lived tickets naming one container. */
  consoleTickets: "/v1/console-tickets",
} as const;
