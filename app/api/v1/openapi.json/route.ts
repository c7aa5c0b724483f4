import { buildOpenApiDocument } from "@/lib/api/openapi";
import { getEnv } from "@/lib/env";

// The API's description is public: it holds no data, only the shape of the API.
export const dynamic = "force-dynamic";

export function GET() {
  const doc = buildOpenApiDocument(`${new URL(getEnv().NEXTAUTH_URL).origin}/api/v1`);
  return Response.json(doc, { headers: { "cache-control": "no-cache" } });
}
