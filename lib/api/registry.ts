import "server-only";
import type { ApiRoute } from "./define-api-route";
import * as containers from "./routes/containers";
import * as me from "./routes/me";
import * as suspension from "./routes/suspension";
import * as tasks from "./routes/tasks";

function routesOf(mod: Record<string, unknown>): ApiRoute[] {
  return Object.values(mod).filter(
    (v): v is ApiRoute =>
      typeof v === "object" && v !== null && "operationId" in v && "handler" in v && "method" in v,
  );
}

/** Every /api/v1 operation. The router, the OpenAPI document and the isolation test all read this list. */
export const API_ROUTES: ApiRoute[] = [me, containers, tasks, suspension].flatMap((m) => routesOf(m));
