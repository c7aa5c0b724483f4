import { dispatchApiRequest } from "@/lib/api/router";

// Every /api/v1 operation is defined once in lib/api/routes and dispatched from here, so the router, the
// OpenAPI document and the tenant isolation test see the same list (lib/api/registry.ts).
export const dynamic = "force-dynamic";

export const GET = dispatchApiRequest;
export const POST = dispatchApiRequest;
export const PUT = dispatchApiRequest;
export const PATCH = dispatchApiRequest;
export const DELETE = dispatchApiRequest;
