import "server-only";
import { z } from "zod";
import { PERMISSIONS } from "../auth/permissions";
import type { ApiRoute } from "./define-api-route";
import { API_ROUTES } from "./registry";

// The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the routes validate with
// (zod's JSON Schema output is draft 2020-12, which OpenAPI 3.1 uses).

type JsonSchema = Record<string, unknown>;

const problem: JsonSchema = {
  type: "object",
  description: "RFC 9457 problem details. `code` is stable; `field` names the input at fault.",
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string", description: "What went wrong and what to do, for a person." },
    code: {
      type: "string",
      enum: [
        "UNAUTHENTICATED",
        "NOT_FOUND",
        "FORBIDDEN",
        "VALIDATION",
        "CONFLICT",
        "RATE_LIMITED",
        "UNAVAILABLE",
        "INTERNAL",
        "METHOD_NOT_ALLOWED",
      ],
    },
    reason: {
      type: "string",
      description: "A finer stable reason, e.g. tenant-suspended, idempotency-key-reused.",
    },
    field: { type: "string" },
  },
  required: ["title", "status", "detail", "code"],
};

function toSchema(
  schema: z.ZodType,
  io: "input" | "output",
  components: Record<string, JsonSchema>,
): JsonSchema {
  const out = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    reused: "inline",
    override: (ctx) => {
      const js = ctx.jsonSchema as JsonSchema;
      // Keep the document readable: a date-time format says enough, and safe-integer bounds say nothing.
      if (js.format === "date-time") delete js.pattern;
      if (js.minimum === Number.MIN_SAFE_INTEGER) delete js.minimum;
      if (js.maximum === Number.MAX_SAFE_INTEGER) delete js.maximum;
    },
  }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  // Schemas with .meta({ id }) come out as $defs; lift them to components/schemas.
  const { $defs, $schema: _s, ...rest } = out as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [name, def] of Object.entries($defs ?? {})) components[name] = relink(def);
  return relink(rest);
}

function relink(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}

function parametersOf(route: ApiRoute, components: Record<string, JsonSchema>) {
  const params: JsonSchema[] = [];
  for (const [where, obj] of [
    ["path", route.params],
    ["query", route.query],
  ] as const) {
    if (!obj) continue;
    const schema = toSchema(obj, "input", components) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, s] of Object.entries(schema.properties ?? {})) {
      const { description, ...rest } = s;
      params.push({
        name,
        in: where,
        required: where === "path" || (schema.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return params;
}

export function buildOpenApiDocument(serverUrl: string) {
  const components: Record<string, JsonSchema> = { Problem: problem };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const responses: Record<string, unknown> = {
      [String(route.status ?? 200)]: {
        description: "Success",
        content: { "application/json": { schema: toSchema(route.response, "output", components) } },
      },
      default: {
        description: "An error, as problem+json (401 no or bad token, 404 not found, 429 rate limited, ...).",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    };
    const parameters = parametersOf(route, components);
    if (route.idempotent)
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description:
          "Any unique string (e.g. a UUID). A retry with the same key and body gets the first answer again instead of doing the work twice; kept 24 h.",
        schema: { type: "string", maxLength: 255 },
      });
    const op: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      description: [
        route.description,
        `Needs a token with the "${PERMISSIONS[route.action].scope}" scope${PERMISSIONS[route.action].customer === "none" ? "; admins only" : ""}.`,
      ]
        .filter(Boolean)
        .join(" "),
      tags: [route.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: toSchema(route.body, "input", components) } },
            },
          }
        : {}),
      responses,
      "x-berth-scope": PERMISSIONS[route.action].scope,
      "x-berth-customers": PERMISSIONS[route.action].customer !== "none",
    };
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: op };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Berth API",
      version: "1",
      description:
        "Manage containers, tasks and customers of a Berth panel. Authenticate with `Authorization: Bearer <token>` (create tokens in Account → API tokens). Tokens carry scopes: read, operate, provision, admin; a customer's token reaches only that customer's containers. Lists page with `cursor` and `limit`. Each token has a request budget; over it the answer is 429 with Retry-After.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A Berth API token (berth_...)." },
      },
    },
    paths,
  };
}
