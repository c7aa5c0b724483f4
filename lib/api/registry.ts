import "server-only";
import type { ApiRoute } from "./define-api-route";
import * as backups from "./routes/backups";
import * as containers from "./routes/containers";
import * as ipPools from "./routes/ip-pools";
import * as me from "./routes/me";
import * as migration from "./routes/migration";
import * as nodes from "./routes/nodes";
import * as plans from "./routes/plans";
import * as provisioning from "./routes/provisioning";
import * as suspension from "./routes/suspension";
import * as tasks from "./routes/tasks";
import * as templates from "./routes/templates";
import * as tenants from "./routes/tenants";
import * as usage from "./routes/usage";
import * as users from "./routes/users";

function routesOf(mod: Record<string, unknown>): ApiRoute[] {
  return Object.values(mod).filter(
    (v): v is ApiRoute =>
      typeof v === "object" && v !== null && "operationId" in v && "handler" in v && "method" in v,
  );
}

/** Every /api/v1 operation. The router, the OpenAPI document and the isolation test all read this list. */
export const API_ROUTES: ApiRoute[] = [
  me,
  containers,
  tasks,
  suspension,
  usage,
  templates,
  plans,
  nodes,
  ipPools,
  tenants,
  users,
  provisioning,
  migration,
  backups,
].flatMap((m) => routesOf(m));
