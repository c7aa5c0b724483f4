// Ids for the isolation walk: the kinds of id a route, action or page can name, and ids that exist nowhere.
// Plain TypeScript without imports: the Playwright spec uses it too.

/** The ids a request can name. One set holds B's (or the shared resources'), the other ids that do not exist. */
export type IdSet = {
  containerId: string;
  taskId: string;
  tenantId: string;
  userId: string;
  tokenId: string;
  ipAddressId: string;
  /** An IP address as text (actions and routes that name an address rather than its row). */
  ipAddress: string;
  poolId: string;
  nodeId: string;
  planId: string;
  templateId: string;
  backupId: string;
  backupScheduleId: string;
  hostname: string;
  email: string;
};

export type IdKind = keyof IdSet;

/**
 * Which id a route or page parameter (or a query field) names. A parameter missing here fails the walk: a new
 * route with a new kind of id needs a decision about which of B's ids to try on it.
 */
export const PARAM_KINDS: Record<string, IdKind> = {
  containerId: "containerId",
  taskId: "taskId",
  tenantId: "tenantId",
  userId: "userId",
  tokenId: "tokenId",
  apiTokenId: "tokenId",
  ipAddressId: "ipAddressId",
  address: "ipAddress",
  ipAddress: "ipAddress",
  poolId: "poolId",
  ipPoolId: "poolId",
  nodeId: "nodeId",
  planId: "planId",
  templateId: "templateId",
  backupId: "backupId",
  scheduleId: "backupScheduleId",
  backupScheduleId: "backupScheduleId",
  // Query fields that pick rows by another tenant's names.
  hostname: "hostname",
  email: "email",
};

export function kindOfParam(name: string, where: string): IdKind {
  const kind = PARAM_KINDS[name];
  if (!kind)
    throw new Error(
      `${where}: parameter "${name}" names no known kind of id. Add it to PARAM_KINDS in lib/isolation/ids.ts so the isolation walk tries another tenant's id on it.`,
    );
  return kind;
}

/** Ids of the shape the database gives (cuid), that no row has. */
export const MISSING: IdSet = {
  containerId: "cmissingcontainer000000000",
  taskId: "cmissingtask00000000000000",
  tenantId: "cmissingtenant000000000000",
  userId: "cmissinguser00000000000000",
  tokenId: "cmissingtoken0000000000000",
  ipAddressId: "cmissingipaddress000000000",
  ipAddress: "10.77.0.250",
  poolId: "cmissingpool00000000000000",
  nodeId: "cmissingnode00000000000000",
  planId: "cmissingplan00000000000000",
  templateId: "cmissingtemplate0000000000",
  backupId: "cmissingbackup000000000000",
  backupScheduleId: "cmissingschedule0000000000",
  hostname: "missing.example.org",
  email: "missing@example.org",
};

/** What authorize() and every lookup say for a missing id and for another tenant's. */
export const NOT_FOUND_MESSAGE = "Not found. Check the address, or go back to the list.";
