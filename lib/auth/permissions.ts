// The one permission matrix. Every page, server action, REST route and the console websocket asks
// authorize() (lib/auth/authorize.ts), which reads this table. Nothing else decides who may do what.

/** How far a customer reaches for an action; admins may do every action. */
export type CustomerReach =
  | "none" // admin only
  | "own-tenant" // resources of the customer's tenant
  | "self" // the customer's own user record and API tokens
  | "any"; // catalogue data every signed-in user may read (templates, plans)

/** API token scopes, from least to most powerful. A cookie session has all scopes its role allows. */
export type Scope = "read" | "operate" | "provision" | "admin";

type Rule = { customer: CustomerReach; scope: Scope };

export const PERMISSIONS = {
  "dashboard.admin": { customer: "none", scope: "read" },
  "container.list": { customer: "own-tenant", scope: "read" },
  "container.read": { customer: "own-tenant", scope: "read" },
  "container.operate": { customer: "own-tenant", scope: "operate" }, // start, stop, restart
  "container.console": { customer: "own-tenant", scope: "operate" },
  "container.reinstall": { customer: "own-tenant", scope: "operate" },
  "container.set-password": { customer: "own-tenant", scope: "operate" },
  "container.set-hostname": { customer: "own-tenant", scope: "operate" },
  "container.create": { customer: "none", scope: "provision" },
  "container.destroy": { customer: "none", scope: "provision" },
  "container.set-limits": { customer: "none", scope: "provision" },
  "container.suspend": { customer: "none", scope: "provision" }, // suspend and unsuspend (billing)
  "container.migrate": { customer: "none", scope: "admin" },
  "backup.read": { customer: "own-tenant", scope: "read" },
  "backup.create": { customer: "own-tenant", scope: "operate" }, // within the tenant's backup quota
  "backup.restore": { customer: "own-tenant", scope: "operate" },
  "backup.delete": { customer: "own-tenant", scope: "operate" },
  "backup.schedule": { customer: "own-tenant", scope: "operate" },
  "backup.download": { customer: "none", scope: "admin" },
  // Restore as a new container makes a container (placement, plan, addresses): the provider's, as create is.
  "backup.restore-new": { customer: "none", scope: "provision" },
  "task.list": { customer: "own-tenant", scope: "read" },
  "task.read": { customer: "own-tenant", scope: "read" },
  "task.cancel": { customer: "own-tenant", scope: "operate" },
  "template.read": { customer: "any", scope: "read" },
  "template.manage": { customer: "none", scope: "admin" },
  "plan.read": { customer: "any", scope: "read" },
  "plan.manage": { customer: "none", scope: "admin" },
  "node.read": { customer: "none", scope: "read" },
  "node.manage": { customer: "none", scope: "admin" },
  "ip-pool.read": { customer: "none", scope: "read" },
  "ip-pool.manage": { customer: "none", scope: "admin" },
  "tenant.read": { customer: "none", scope: "read" },
  "tenant.manage": { customer: "none", scope: "provision" },
  "user.read": { customer: "self", scope: "read" },
  "user.manage": { customer: "none", scope: "admin" },
  "profile.update": { customer: "self", scope: "operate" },
  "api-token.manage": { customer: "self", scope: "operate" },
  "audit.read": { customer: "none", scope: "read" },
  "settings.manage": { customer: "none", scope: "admin" },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof PERMISSIONS;

export const SCOPE_RANK: Record<Scope, number> = { read: 0, operate: 1, provision: 2, admin: 3 };
