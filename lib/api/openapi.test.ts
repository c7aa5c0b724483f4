import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";
import { API_ROUTES } from "./registry";
import { matchApiRoute } from "./router";

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument("http://panel.test/api/v1");
  const text = JSON.stringify(doc);

  it("describes every operation the router serves, once", () => {
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p) as { operationId: string }[]);
    expect(ops.map((o) => o.operationId).sort()).toEqual(API_ROUTES.map((r) => r.operationId).sort());
    expect(new Set(API_ROUTES.map((r) => r.operationId)).size).toBe(API_ROUTES.length);
  });

  it("is OpenAPI 3.1 with every $ref resolvable", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      expect(doc.components.schemas, `missing component ${name}`).toHaveProperty(name as string);
    expect(text).not.toContain("#/$defs/");
  });

  it("documents request bodies, path parameters and the Idempotency-Key from the routes' schemas", () => {
    const create = doc.paths["/containers"]?.post as {
      requestBody: { content: { "application/json": { schema: { $ref?: string; properties?: object } } } };
      parameters: { name: string; in: string }[];
    };
    const body = create.requestBody.content["application/json"].schema;
    const resolved = body.$ref
      ? (doc.components.schemas as Record<string, { properties: object }>)[
          body.$ref.split("/").pop() as string
        ]
      : body;
    expect(Object.keys(resolved?.properties ?? {})).toEqual(
      expect.arrayContaining(["tenantId", "planId", "templateId", "hostname", "ipAddresses"]),
    );
    expect(create.parameters.map((p) => `${p.in}:${p.name}`)).toContain("header:Idempotency-Key");
    const get = doc.paths["/containers/{containerId}"]?.get as {
      parameters: { name: string; in: string; required: boolean }[];
    };
    expect(get.parameters).toContainEqual(
      expect.objectContaining({ name: "containerId", in: "path", required: true }),
    );
  });
});

describe("API router", () => {
  it("matches paths with parameters and reports the allowed methods for a known path", () => {
    const m = matchApiRoute("POST", "/containers/abc123/start");
    expect(m && "found" in m ? [m.found.route.operationId, m.params] : null).toEqual([
      "startContainer",
      { containerId: "abc123" },
    ]);
    expect(matchApiRoute("PUT", "/containers/abc123/start")).toEqual({ allowed: ["POST"] });
    expect(matchApiRoute("GET", "/nothing-here")).toBeNull();
  });
});
