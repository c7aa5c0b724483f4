import { AppError } from "../errors/app-error";
import type { Actor } from "./actor";
import { type Action, PERMISSIONS, SCOPE_RANK } from "./permissions";

/**
 * What an action is about. `null` for collection-level actions (list, create). Resources carry the
 * fields the rule needs, loaded by the caller from the database before the check.
 */
export type Resource =
  | { type: "container" | "task" | "ip-address" | "backup"; id: string; tenantId: string | null }
  | { type: "user"; id: string; tenantId: string | null }
  | { type: "api-token"; id: string; userId: string }
  | { type: "tenant"; id: string }
  | { type: "template" | "plan" | "node" | "ip-pool" | "audit-event" | "setting"; id: string }
  | null;

/** What a customer of a suspended tenant may still change: their own sign-in details, not their servers. */
const SUSPENDED_TENANT_MAY = new Set<Action>(["profile.update", "api-token.manage"]);

const NOT_FOUND_MESSAGE = "Not found. Check the address, or go back to the list.";

/**
 * The single authorization check. Throws AppError and returns nothing on success.
 *
 * Invariant: a customer denied access to an existing resource gets exactly the error a missing resource
 * gives (NOT_FOUND, same message), so ids of other tenants' resources reveal nothing. Admin-only actions
 * answer NOT_FOUND to customers too: admin pages do not exist for them.
 */
export function authorize(actor: Actor | null, action: Action, resource: Resource): void {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (actor.kind === "system") return;
  if (actor.isDisabled)
    throw new AppError("UNAUTHENTICATED", "This account is disabled. Contact your administrator.");

  const rule = PERMISSIONS[action];
  // A customer's reach is checked first: another tenant's resource (or an admin-only action) must answer
  // NOT_FOUND whatever the token's scopes, or a scope error would tell that the id exists.
  if (actor.role !== "ADMIN" && !isCustomerAllowed(rule.customer, actor.userId, actor.tenantId, resource))
    throw new AppError("NOT_FOUND", NOT_FOUND_MESSAGE);
  if (actor.tokenScopes) {
    const best = Math.max(-1, ...actor.tokenScopes.map((s) => SCOPE_RANK[s]));
    if (best < SCOPE_RANK[rule.scope]) {
      // A token lacking a scope is the caller's own configuration, not another tenant's secret: say so.
      throw new AppError("FORBIDDEN", `This API token lacks the "${rule.scope}" scope needed for ${action}.`);
    }
  }
  if (actor.role === "ADMIN") return;

  // Checked after the reach: a suspended customer probing another tenant's id still gets NOT_FOUND.
  if (actor.tenantSuspended && rule.scope !== "read" && !SUSPENDED_TENANT_MAY.has(action)) {
    const why = actor.tenantSuspendedReason ? ` (${actor.tenantSuspendedReason})` : "";
    throw new AppError(
      "FORBIDDEN",
      `Your account is suspended${why}. Your servers are stopped and actions are disabled until your provider lifts the suspension; contact them.`,
      { reason: "tenant-suspended" },
    );
  }
}

function isCustomerAllowed(
  reach: (typeof PERMISSIONS)[Action]["customer"],
  userId: string,
  tenantId: string | null,
  resource: Resource,
): boolean {
  switch (reach) {
    case "none":
      return false;
    case "any":
      return true;
    case "own-tenant":
      if (tenantId === null) return false;
      if (resource === null) return true; // collection: the query must filter by the actor's tenant
      return "tenantId" in resource && resource.tenantId === tenantId;
    case "self":
      if (resource === null) return true;
      if (resource.type === "user") return resource.id === userId;
      if (resource.type === "api-token") return resource.userId === userId;
      return false;
  }
}

/** The tenant filter a list query must apply for this actor: null means all tenants (admin). */
export function getTenantScope(actor: Actor): string | null {
  if (actor.kind === "system" || actor.role === "ADMIN") return null;
  if (!actor.tenantId) throw new AppError("NOT_FOUND", NOT_FOUND_MESSAGE);
  return actor.tenantId;
}

/** Test whether authorize() would pass, for showing or hiding controls. Never a substitute for authorize(). */
export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  try {
    authorize(actor, action, resource);
    return true;
  } catch {
    return false;
  }
}
