import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { requirePageActor } from "@/lib/auth/get-actor";
import { getEnv } from "@/lib/env";
import { getTranslator } from "@/lib/preferences/get-preferences";

export const metadata: Metadata = { title: "API" };

type Param = {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Record<string, unknown>;
};
type Operation = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  "x-berth-scope": string;
  "x-berth-customers": boolean;
};

const METHOD_COLOURS: Record<string, string> = {
  get: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  post: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  patch: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  delete: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
};

function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).join(" | ");
  const t = schema.type;
  return Array.isArray(t) ? t.join(" | ") : String(t ?? "any");
}

/** The REST API, readable: every operation of the OpenAPI document the API serves, grouped by area. */
export default async function ApiDocsPage() {
  const actor = await requirePageActor();
  const { t } = await getTranslator();
  const base = `${new URL(getEnv().NEXTAUTH_URL).origin}/api/v1`;
  const doc = buildOpenApiDocument(base);
  const isAdmin = actor.role === "ADMIN";
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );
  // Customers see what their tokens can reach; admins see everything.
  const visible = ops.filter((o) => isAdmin || o.op["x-berth-customers"]);
  const tags = [...new Set(visible.map((o) => o.op.tags[0] ?? ""))];
  return (
    <>
      <PageHeader
        title={t("apiDocs.title")}
        subtitle={t("apiDocs.subtitle")}
        actions={
          <div className="flex gap-2">
            <a
              href="/api/v1/openapi.json"
              className="rounded-lg border border-slate-300 px-3.5 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              {t("apiDocs.openapi")}
            </a>
            <Link
              href="/account#api-tokens"
              className="rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              {t("apiDocs.tokens")}
            </Link>
          </div>
        }
      />
      <p className="mb-6 max-w-3xl text-sm text-slate-600 dark:text-slate-300">{t("apiDocs.auth")}</p>
      <nav aria-label={t("apiDocs.title")} className="mb-6 flex flex-wrap gap-2 text-sm">
        {tags.map((tag) => (
          <a
            key={tag}
            href={`#${tag.toLowerCase()}`}
            className="rounded-md bg-slate-100 px-2 py-1 hover:underline dark:bg-slate-800"
          >
            {tag}
          </a>
        ))}
      </nav>
      <div className="space-y-8">
        {tags.map((tag) => (
          <section key={tag} id={tag.toLowerCase()} aria-labelledby={`tag-${tag}`} className="space-y-4">
            <h2 id={`tag-${tag}`} className="text-lg font-semibold">
              {tag}
            </h2>
            {visible
              .filter((o) => o.op.tags[0] === tag)
              .map(({ path, method, op }) => {
                const status = Object.keys(op.responses).find((s) => s !== "default") ?? "200";
                const body = op.requestBody?.content["application/json"]?.schema;
                const response = op.responses[status]?.content?.["application/json"]?.schema;
                const example = [
                  `curl -sS -X ${method.toUpperCase()} '${base}${path}'`,
                  "-H 'Authorization: Bearer berth_…'",
                  ...(body ? ["-H 'Content-Type: application/json' -d '{…}'"] : []),
                ].join(" \\\n  ");
                return (
                  <Card key={op.operationId} title={op.summary}>
                    <div id={op.operationId} className="space-y-3 text-sm">
                      <p className="flex flex-wrap items-center gap-2 font-mono">
                        <span
                          className={`rounded px-2 py-0.5 text-xs font-bold uppercase ${METHOD_COLOURS[method] ?? ""}`}
                        >
                          {method}
                        </span>
                        <span className="break-all">/api/v1{path}</span>
                      </p>
                      <p className="text-slate-600 dark:text-slate-300">{op.description}</p>
                      <p className="text-xs text-slate-500">
                        {t("apiDocs.scope", { scope: op["x-berth-scope"] })}
                        {op["x-berth-customers"] ? "" : ` · ${t("apiDocs.adminOnly")}`}
                      </p>
                      {op.parameters?.length ? (
                        <table className="w-full text-left text-xs">
                          <caption className="sr-only">{t("apiDocs.parameters")}</caption>
                          <thead>
                            <tr className="text-slate-500">
                              <th className="py-1 pr-3 font-medium">{t("apiDocs.parameters")}</th>
                              <th className="py-1 pr-3 font-medium">in</th>
                              <th className="py-1 pr-3 font-medium">type</th>
                              <th className="py-1 font-medium" />
                            </tr>
                          </thead>
                          <tbody>
                            {op.parameters.map((p) => (
                              <tr
                                key={`${p.in}-${p.name}`}
                                className="border-t border-slate-100 align-top dark:border-slate-800"
                              >
                                <td className="py-1 pr-3 font-mono">
                                  {p.name}
                                  {p.required ? <span className="text-rose-600"> *</span> : null}
                                </td>
                                <td className="py-1 pr-3">{p.in}</td>
                                <td className="py-1 pr-3 font-mono">{typeOf(p.schema)}</td>
                                <td className="py-1">{p.description ?? ""}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      ) : null}
                      {body ? (
                        <details>
                          <summary className="cursor-pointer font-medium">{t("apiDocs.body")}</summary>
                          <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs dark:bg-slate-900">
                            {JSON.stringify(body, null, 2)}
                          </pre>
                        </details>
                      ) : null}
                      {response ? (
                        <details>
                          <summary className="cursor-pointer font-medium">
                            {t("apiDocs.response", { status })}
                          </summary>
                          <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs dark:bg-slate-900">
                            {JSON.stringify(response, null, 2)}
                          </pre>
                        </details>
                      ) : null}
                      <details>
                        <summary className="cursor-pointer font-medium">{t("apiDocs.example")}</summary>
                        <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs dark:bg-slate-900">
                          {example}
                        </pre>
                      </details>
                    </div>
                  </Card>
                );
              })}
          </section>
        ))}
      </div>
    </>
  );
}
